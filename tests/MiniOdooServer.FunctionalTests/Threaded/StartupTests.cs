using System.Net;
using System.Net.Sockets;
using MiniOdooServer.FunctionalTests.Support;

namespace MiniOdooServer.FunctionalTests.Threaded;

/// <summary>How a start ends when it cannot or should not serve: exit statuses, messages, and nothing left listening.</summary>
public sealed class StartupTests
{
    [Fact]
    public async Task APortAlreadyInUseExitsNonZeroNamingTheAddress()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var port = ((IPEndPoint)squatter.LocalEndpoint).Port;

        await using var server = ServerProcess.Start(["--http-interface", "127.0.0.1", "-p", port.ToString()]);

        Assert.NotEqual(0, await server.WaitForExitAsync());
        Assert.Contains($"cannot listen on 127.0.0.1:{port}", server.Output);
        Assert.DoesNotContain("running on", server.Output);
    }

    [Theory]
    [InlineData("--workers many", "--workers many")]
    [InlineData("-c /nonexistent/mini-odoo/odoo.conf", "The config file '/nonexistent/mini-odoo/odoo.conf' selected with -c/--config doesn't exist")]
    [InlineData("--limit-time-real soon", "--limit-time-real soon")]
    public async Task ABadConfigurationExitsTwoNamingTheProblemWithNothingListening(string badArgs, string named)
    {
        var port = Ports.Free();
        await using var server = ServerProcess.Start(["--http-interface", "127.0.0.1", "-p", port.ToString(), .. badArgs.Split(' ')]);

        Assert.Equal(2, await server.WaitForExitAsync());
        Assert.Contains(named, server.Output);
        Assert.DoesNotContain("running on", server.Output);
        Assert.True(await Connections.IsRefusedAsync(port));
    }

    [Fact]
    public async Task ABadValueInTheConfigFileNamesTheKeyTheValueAndTheFile()
    {
        var port = Ports.Free();
        var directory = Directory.CreateTempSubdirectory("mini-odoo-test-").FullName;
        var config = Path.Combine(directory, "odoo.conf");
        await File.WriteAllTextAsync(config, $"[options]\nhttp_interface = 127.0.0.1\nhttp_port = {port}\nworkers = many\n");

        await using var server = ServerProcess.Start(["-c", config], workDirectory: directory);

        Assert.Equal(2, await server.WaitForExitAsync());
        Assert.Contains("workers = many (odoo.conf, line 4)", server.Output);
        Assert.True(await Connections.IsRefusedAsync(port));
    }

    [Fact]
    public async Task StopAfterInitExitsZeroWithoutListening()
    {
        var port = Ports.Free();
        await using var server = ServerProcess.Start(["--http-interface", "127.0.0.1", "-p", port.ToString(), "--stop-after-init"]);

        Assert.Equal(0, await server.WaitForExitAsync());
        Assert.Contains("mini-odoo version", server.Output);
        Assert.DoesNotContain("running on", server.Output);
        Assert.True(await Connections.IsRefusedAsync(port));
    }

    [Fact]
    public async Task HelpExitsZeroAndListsWorkersWithItsDefault()
    {
        await using var server = ServerProcess.Start(["--help"]);

        Assert.Equal(0, await server.WaitForExitAsync());
        Assert.Matches(@"--workers <WORKERS>\s+Number of HTTP worker processes.*\[key: workers, default: 0\]", server.Output);
        Assert.Contains("--http-port", server.Output);
    }

    [Fact]
    public async Task ThePidfileHoldsThePidWhileServingAndIsRemovedAfterAGracefulExit()
    {
        var directory = Directory.CreateTempSubdirectory("mini-odoo-test-").FullName;
        var pidfile = Path.Combine(directory, "run", "mini-odoo.pid");
        var (server, _) = await Servers.StartThreadedAsync("--pidfile", pidfile);
        await using var _ = server;

        Assert.Equal(server.Pid.ToString(), (await File.ReadAllTextAsync(pidfile)).Trim());

        server.Signal(Signals.Term);
        Assert.Equal(0, await server.WaitForExitAsync());
        Assert.False(File.Exists(pidfile), "the pidfile outlived a graceful exit");
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task AnOdooConfigFileWithKeysMiniOdooLacksStartsAndListsThemInOneWarning()
    {
        var port = Ports.Free();
        var directory = Directory.CreateTempSubdirectory("mini-odoo-test-").FullName;
        var config = Path.Combine(directory, "odoo.conf");
        // As Odoo 17 writes it with -s, trimmed: keys of both kinds, Odoo's False/None placeholders included.
        await File.WriteAllTextAsync(config, $"""
            [options]
            addons_path = /opt/odoo/odoo/addons,/mnt/extra-addons
            admin_passwd = s3cret
            csv_internal_sep = ,
            db_host = False
            db_maxconn = 64
            db_name = False
            db_password = False
            db_port = False
            db_template = template0
            db_user = odoo
            dbfilter =
            http_enable = True
            http_interface = 127.0.0.1
            http_port = {port}
            limit_memory_hard = 2684354560
            limit_memory_soft = 2147483648
            limit_request = 65536
            limit_time_cpu = 60
            limit_time_real = 120
            limit_time_real_cron = -1
            list_db = True
            log_handler = :INFO
            log_level = info
            logfile =
            max_cron_threads = 2
            pidfile =
            proxy_mode = False
            server_wide_modules = base,web
            smtp_server = localhost
            without_demo = False
            workers = 0

            """);

        await using var server = ServerProcess.Start(["-c", config], workDirectory: directory);
        await server.WaitForLogAsync(@"HTTP service \(kestrel\) running on");

        var warnings = server.Output.Split('\n').Where(line => line.Contains(" WARNING ")).ToArray();
        var warning = Assert.Single(warnings);
        Assert.Matches(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} \d+ WARNING \? odoo: Options mini-odoo does not use, ignored \(-s keeps them\): ", warning);
        foreach (var key in new[] { "addons_path", "csv_internal_sep", "db_template", "dbfilter", "list_db", "smtp_server", "without_demo" })
        {
            Assert.Contains(key, warning);
        }
        Assert.DoesNotContain("db_maxconn", warning);
        Assert.Equal("""{"status": "pass"}""", await Servers.Http.GetStringAsync($"http://127.0.0.1:{port}/web/health"));
    }
}
