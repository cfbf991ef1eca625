using System.Diagnostics;
using MiniOdooServer.Experiments.Server;

namespace MiniOdooServer.Tests.Experiments;

public sealed class ServerCpuTimeTests
{
    [Fact]
    public void AStatLineIsReadFromTheFieldsAfterTheCommandName()
    {
        // A command name with spaces and a parenthesis, as a thread may name itself.
        const string line = "4242 (mini odoo) x) S 4200 4242 4242 0 -1 4194304 98 0 0 0 150 25 7 3 20 0 1 0 2021712 3133440 394";

        Assert.True(ProcStat.TryParse(line, out var stat));

        Assert.Equal(new ProcStat(4242, 4200, 4242, 150, 25, 10), stat);
        Assert.Equal(185, stat.Ticks);
    }

    [Theory]
    [InlineData("")]
    [InlineData("4242 (truncated) S 1 2")]
    [InlineData("not a stat line")]
    public void AnythingElseIsNotRead(string line) => Assert.False(ProcStat.TryParse(line, out _));

    [Fact]
    public void TheGroupAndItsDescendantsAreSummedOthersAreNot()
    {
        ProcStat[] processes =
        [
            new(100, 1, 100, 100, 0, 0),  // the leader (setsid)
            new(101, 100, 100, 50, 50, 0), // a worker
            new(102, 101, 102, 30, 0, 0),  // a descendant in a group of its own
            new(200, 1, 200, 999, 0, 0),   // somebody else
        ];

        Assert.Equal(TimeSpan.FromSeconds(2.3), ServerCpuTime.Sum(100, processes));
    }

    [Fact]
    public void ThisProcessGroupHasSpentSomeCpu()
    {
        var all = ServerCpuTime.ReadAll();
        var self = all.Single(p => p.Pid == Environment.ProcessId);
        var before = ServerCpuTime.Sum(self.ProcessGroup, all);
        var spin = Stopwatch.StartNew();
        while (ServerCpuTime.OfGroup(self.ProcessGroup) - before < TimeSpan.FromMilliseconds(50) && spin.Elapsed < TimeSpan.FromSeconds(30))
        {
            Thread.SpinWait(100_000);
        }

        Assert.True(ServerCpuTime.OfGroup(self.ProcessGroup) - before >= TimeSpan.FromMilliseconds(50));
    }
}
