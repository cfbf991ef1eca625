using Microsoft.Extensions.Logging;
using MiniOdooServer.Configuration.Options;
using MiniOdooServer.ProcessModel.Master;
using MiniOdooServer.ProcessModel.Scoreboards;
using MiniOdooServer.ProcessModel.Signals;
using MiniOdooServer.ProcessModel.Workers;
using MiniOdooServer.Tests.ProcessModel.Support;

namespace MiniOdooServer.Tests.ProcessModel.Master;

/// <summary>Cron workers: max_cron_threads of them, supervised like HTTP workers, killed past limit_time_real_cron.</summary>
public sealed class PreforkMasterCronTests
{
    [Fact]
    public void TheMasterKeepsMaxCronThreadsCronWorkers()
    {
        var h = new MasterHarness(workers: 2, cronWorkers: 3);
        h.StartAllReady();

        Assert.Equal(3, h.Launcher.Started.Count(p => p.Kind == WorkerKind.Cron));
        var cron = h.Launcher.Started.First(p => p.Kind == WorkerKind.Cron).Pid;
        h.Exit(cron, 1);
        h.Tick();
        Assert.Equal(3, h.Master.Workers.Count(w => w.Kind == WorkerKind.Cron));
    }

    [Fact]
    public void NoCronThreadsMeansNoCronWorker()
    {
        var h = new MasterHarness(workers: 1, cronWorkers: 0);
        h.StartAllReady();

        Assert.DoesNotContain(h.Launcher.Started, p => p.Kind == WorkerKind.Cron);
    }

    [Fact]
    public void ACronJobPastLimitTimeRealCronKillsItsWorkerNamingTheJobAndTheLimit()
    {
        var h = new MasterHarness(workers: 1, timeReal: 120, cronWorkers: 1, timeRealCron: 5);
        h.StartAllReady();
        var cron = h.Launcher.Started.Single(p => p.Kind == WorkerKind.Cron);
        cron.Activity = cron.Activity with
        {
            Pid = cron.Pid, State = WorkerSlotState.Busy, RequestStartedTimestamp = h.Time.GetTimestamp(),
            RequestStartedAt = h.Time.GetUtcNow(), Method = "CRON", Path = "nightly_export",
        };

        h.Advance(TimeSpan.FromSeconds(5));
        h.Exit(cron.Pid, MasterHarness.KilledBy(ProcessSignal.Kill));

        Assert.Equal([(cron.Pid, ProcessSignal.Kill)], h.Launcher.AllSignals);
        Assert.Contains((LogLevel.Error, $"WorkerCron ({cron.Pid}) timeout after 5s"), h.Log.Entries);
        Assert.Contains(h.Log.Messages, m => m == $"WorkerCron ({cron.Pid}) exited (limit_time_real_cron (5s) reached during CRON nightly_export), status 137");
    }

    [Fact]
    public void ACronOnlyNodeStartsNoHttpWorkerAndIgnoresTtin()
    {
        var options = new ServerOptions { Workers = 2, MaxCronThreads = 1, HttpEnable = false };
        var launcher = new FakeWorkerLauncher();
        var master = new PreforkMaster(new GenerationConfiguration(options, null), launcher, new Microsoft.Extensions.Time.Testing.FakeTimeProvider(), new ListLogger(), () => new GenerationConfiguration(options, null), longPolling: false);
        master.Tick();

        master.Handle(new MasterEvent.SignalReceived(ProcessSignal.Ttin));
        master.Tick();

        Assert.Equal([WorkerKind.Cron], launcher.Started.Select(p => p.Kind));
    }

    [Fact]
    public void ANegativeWorkerCountKeepsCronWorkersOnlyAndIgnoresTtin()
    {
        // Odoo's --workers=-1: a master without HTTP workers (its guide's cron servers).
        var options = new ServerOptions { Workers = -1, MaxCronThreads = 2 };
        var launcher = new FakeWorkerLauncher();
        var master = new PreforkMaster(new GenerationConfiguration(options, null), launcher, new Microsoft.Extensions.Time.Testing.FakeTimeProvider(), new ListLogger(), () => new GenerationConfiguration(options, null), longPolling: false);
        master.Tick();

        master.Handle(new MasterEvent.SignalReceived(ProcessSignal.Ttin));
        master.Tick();

        Assert.Equal([WorkerKind.Cron, WorkerKind.Cron], launcher.Started.Select(p => p.Kind));
        Assert.Equal(0, master.HttpPopulation);
    }
}
