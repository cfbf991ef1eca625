using MiniOdooServer.ProcessModel.Workers;

namespace MiniOdooServer.Tests.ProcessModel.Workers;

public sealed class ResidentMemoryProbeTests
{
    [Fact]
    public void EachReadSeesTheMemoryOfNow()
    {
        using var probe = ResidentMemoryProbe.OfCurrentProcess();
        var before = probe.Read();
        var hoard = new byte[64 << 20];
        Array.Fill(hoard, (byte)1);

        var after = probe.Read();

        Assert.InRange(before, 1 << 20, Environment.WorkingSet * 2);
        Assert.True(after - before >= 48 << 20, $"before {before}, after {after}");
        GC.KeepAlive(hoard);
    }
}
