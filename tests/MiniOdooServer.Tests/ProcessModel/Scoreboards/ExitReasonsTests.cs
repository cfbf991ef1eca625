using MiniOdooServer.ProcessModel.Scoreboards;

namespace MiniOdooServer.Tests.ProcessModel.Scoreboards;

public sealed class ExitReasonsTests
{
    [Theory]
    [InlineData("limit_request", ExitReason.LimitRequest)]
    [InlineData("limit_memory_soft", ExitReason.LimitMemorySoft)]
    [InlineData("limit_memory_soft_gevent", ExitReason.LimitMemorySoft)]
    [InlineData("limit_memory_hard (2684354560 bytes) exceeded", ExitReason.LimitMemoryHard)]
    [InlineData("limit_time_cpu (60s) reached", ExitReason.LimitTimeCpu)]
    [InlineData("limit_time_real (120s) reached during GET /x", ExitReason.LimitTimeReal)]
    [InlineData("limit_time_real_cron (2s) reached during CRON nightly", ExitReason.LimitTimeReal)]
    [InlineData("limit_time_worker_cron", ExitReason.LimitTimeWorkerCron)]
    [InlineData("limit_time_heartbeat_gevent (60s) reached: no heartbeat", ExitReason.LimitTimeHeartbeatGevent)]
    [InlineData("boot timeout", ExitReason.BootTimeout)]
    [InlineData("replaced by generation 3", ExitReason.Reload)]
    [InlineData("SIGTTOU", ExitReason.Ttou)]
    [InlineData("server stopping", ExitReason.Stop)]
    [InlineData("forced shutdown", ExitReason.Stop)]
    [InlineData("limit_time_real reached while stopping", ExitReason.Stop)]
    [InlineData("something new", ExitReason.Other)]
    public void TheMastersReasonTextsFallInFixedCategories(string reason, ExitReason category) =>
        Assert.Equal(category, ExitReasons.Classify(reason));
}
