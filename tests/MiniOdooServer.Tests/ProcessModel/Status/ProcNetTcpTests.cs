using MiniOdooServer.ProcessModel.Status;

namespace MiniOdooServer.Tests.ProcessModel.Status;

public sealed class ProcNetTcpTests
{
    private static readonly string[] Sample =
    [
        "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
        "   0: 0100007F:1F95 00000000:0000 0A 00000000:0000000C 00:00000000 00000000     0        0 1681 1 0 100 0 0 10 0",
        "   1: 0100007F:1F95 0100007F:B1C4 01 00000000:00000040 00:00000000 00000000     0        0 0 3 0",
        "   2: 00000000:1F98 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1682 1 0 100 0 0 10 0",
    ];

    [Fact]
    public void TheRxQueueOfTheListenEntryIsTheAcceptQueue()
    {
        // 0x1F95 = 8085: the listening entry has 12 connections waiting; the established one's 64 bytes do not count.
        Assert.Equal(12, ProcNetTcp.AcceptQueueIn(Sample, 8085));
        Assert.Equal(0, ProcNetTcp.AcceptQueueIn(Sample, 8088));
        Assert.Null(ProcNetTcp.AcceptQueueIn(Sample, 8069));
    }

    [Fact]
    public void ThisMachinesFileIsReadForAPortWeListenOn()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;

        Assert.Equal(0, ProcNetTcp.AcceptQueueOf(port));
    }
}
