using MiniOdooServer.FunctionalTests.Support;

namespace MiniOdooServer.FunctionalTests.Operations;

/// <summary>--pidfile is the operator's handle on the server (<c>kill $(cat pidfile)</c>, <c>mini-odoo status</c>): a second start must not take it.</summary>
public sealed class PidFileTests
{
    [Fact]
    public async Task ASecondServerGivenTheSamePidfileRefusesToStartAndTheFirstKeepsIt()
    {
        var pidfile = Path.Combine(Directory.CreateTempSubdirectory("mini-odoo-pidfile-").FullName, "mini-odoo.pid");
        var (first, _) = await Servers.StartThreadedAsync("--pidfile", pidfile);
        await using var _ = first;

        var port = Ports.Free();
        await using var second = ServerProcess.Start(["--http-interface", "127.0.0.1", "-p", port.ToString(), "--pidfile", pidfile]);

        Assert.Equal(1, await second.WaitForExitAsync());
        Assert.Contains($"CRITICAL ? odoo: the pidfile {pidfile} names pid {first.Pid}, a mini-odoo still running", second.Output);
        Assert.DoesNotContain("Traceback", second.Output);
        Assert.True(await Connections.IsRefusedAsync(port));
        Assert.Equal(first.Pid.ToString(), (await File.ReadAllTextAsync(pidfile)).Trim());
        Assert.False(first.HasExited);
    }

    [Fact]
    public async Task AStalePidfileIsReplaced()
    {
        var pidfile = Path.Combine(Directory.CreateTempSubdirectory("mini-odoo-pidfile-").FullName, "mini-odoo.pid");
        // A pid that no process has: the pid of a process that has exited (pids are not reused so soon).
        using (var exited = System.Diagnostics.Process.Start("true")!)
        {
            await exited.WaitForExitAsync();
            await File.WriteAllTextAsync(pidfile, exited.Id + "\n");
        }

        var (server, _) = await Servers.StartThreadedAsync("--pidfile", pidfile);
        await using var _ = server;

        Assert.Equal(server.Pid.ToString(), (await File.ReadAllTextAsync(pidfile)).Trim());
    }

    [Fact]
    public async Task APidfileNamingALiveProcessThatIsNotMiniOdooIsReplaced()
    {
        // After a reboot the old pid may belong to any program; this test process is one that is not mini-odoo.
        var pidfile = Path.Combine(Directory.CreateTempSubdirectory("mini-odoo-pidfile-").FullName, "mini-odoo.pid");
        await File.WriteAllTextAsync(pidfile, Environment.ProcessId + "\n");

        var (server, _) = await Servers.StartThreadedAsync("--pidfile", pidfile);
        await using var _ = server;

        Assert.Equal(server.Pid.ToString(), (await File.ReadAllTextAsync(pidfile)).Trim());
    }

    [Fact]
    public async Task APidfileThatCannotBeWrittenStopsTheStartWithOneLine()
    {
        var blocker = Path.Combine(Directory.CreateTempSubdirectory("mini-odoo-pidfile-").FullName, "a-file");
        await File.WriteAllTextAsync(blocker, "");
        var port = Ports.Free();

        await using var server = ServerProcess.Start(
            ["--http-interface", "127.0.0.1", "-p", port.ToString(), "--pidfile", Path.Combine(blocker, "mini-odoo.pid")]);

        Assert.Equal(1, await server.WaitForExitAsync());
        Assert.Contains("CRITICAL ? odoo: cannot write the pidfile", server.Output);
        Assert.DoesNotContain("   at ", server.Output);
        Assert.True(await Connections.IsRefusedAsync(port));
    }
}
