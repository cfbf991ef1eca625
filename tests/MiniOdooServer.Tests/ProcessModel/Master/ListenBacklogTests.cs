using MiniOdooServer.ProcessModel.Master;

namespace MiniOdooServer.Tests.ProcessModel.Master;

/// <summary>Issue 15, item 3: no connection attempt dropped for want of a queue the kernel would have given.</summary>
public sealed class ListenBacklogTests
{
    [Theory]
    [InlineData(0, 4096, 2048)]
    [InlineData(0, 1024, 1024)]
    [InlineData(0, null, 2048)]
    [InlineData(500, 4096, 500)]
    [InlineData(8192, 4096, 4096)]
    [InlineData(8192, null, 8192)]
    public void TheBacklogIsTheConfiguredOneOrTheKernelsUpTo2048(int configured, int? somaxconn, int expected)
    {
        Assert.Equal(expected, ListenBacklog.Effective(configured, somaxconn).Backlog);
    }
}
