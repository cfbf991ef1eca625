using System.Diagnostics;
using System.Globalization;
using MiniOdooServer.Experiments.Matrix;

namespace MiniOdooServer.Experiments.Server;

/// <summary>
/// One mini-odoo under test: started through setsid so that it leads a process group of its own, on free loopback
/// ports, with the bench module, no cron and no access log (the log would cost the server CPU the experiment is
/// measuring). Stopped by its group id: SIGTERM, then SIGKILL for anything left after a few seconds.
/// </summary>
internal sealed class MiniOdooInstance : IAsyncDisposable
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(5);

    private readonly Process _process;
    private readonly string _dataDirectory;

    private MiniOdooInstance(Process process, int port, string dataDirectory, string role)
    {
        _process = process;
        Port = port;
        _dataDirectory = dataDirectory;
        Role = role;
    }

    public int Port { get; }

    /// <summary>The role every answer of this server names: <c>threaded</c>, or <c>http</c> for a prefork worker.</summary>
    public string Role { get; }

    /// <summary>The server's process group: setsid made it the leader's pid.</summary>
    public int GroupId => _process.Id;

    /// <summary>The CPU time the server's processes have used so far (<see cref="ServerCpuTime"/>).</summary>
    public TimeSpan CpuTime => ServerCpuTime.OfGroup(GroupId);

    /// <summary>The pids of the server's processes now, as its answers name them.</summary>
    public IReadOnlyList<int> Pids() =>
        [.. ServerCpuTime.ReadAll().Where(p => p.ProcessGroup == GroupId || p.Pid == GroupId).Select(p => p.Pid)];

    public string BaseUrl => $"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Starts the binary in <paramref name="configuration"/>, logging to <paramref name="logFile"/>, and waits until it serves.</summary>
    public static async Task<MiniOdooInstance> StartAsync(string binary, ServerConfiguration configuration, string logFile)
    {
        var port = FreePort.Next();
        var dataDirectory = Directory.CreateTempSubdirectory("mini-odoo-experiment-").FullName;
        var start = new ProcessStartInfo("setsid")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        start.ArgumentList.Add(binary);
        foreach (var argument in Arguments(configuration, port, FreePort.Next(), dataDirectory, logFile))
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["HOME"] = dataDirectory; // no ~/.odoorc of the machine leaks in
        // A JIT build compiles each method once, fully optimised: tiered compilation recompiles in the background for
        // seconds after the warm-up, CPU that no request asked for (the CPU check would see it). Native AOT ignores it.
        start.Environment["DOTNET_TieredCompilation"] = "0";
        var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {binary}");
        // Nothing should come here (the log goes to the file), but a full pipe must never block the server.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var instance = new MiniOdooInstance(process, port, dataDirectory, configuration.Workers == 0 ? "threaded" : "http");
        try
        {
            await instance.WaitUntilServingAsync(TimeSpan.FromSeconds(30));
        }
        catch
        {
            await instance.DisposeAsync();
            throw;
        }
        return instance;
    }

    /// <summary>The command line of one configuration: loopback only, bench loaded, no cron, warnings-only access log.</summary>
    public static IReadOnlyList<string> Arguments(ServerConfiguration configuration, int port, int geventPort, string dataDirectory, string logFile) =>
    [
        "--http-interface", "127.0.0.1",
        "-p", port.ToString(CultureInfo.InvariantCulture),
        "--gevent-port", geventPort.ToString(CultureInfo.InvariantCulture),
        "--load", "base,web,bench",
        "--max-cron-threads", "0",
        "--data-dir", dataDirectory,
        "--logfile", logFile,
        "--log-handler", "werkzeug:WARNING",
        .. configuration.Arguments,
    ];

    private async Task WaitUntilServingAsync(TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"mini-odoo exited with {_process.ExitCode} before serving (see its log)");
            }
            try
            {
                using var response = await Http.GetAsync(BaseUrl + "/web/health");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"mini-odoo did not serve on port {Port} within {within.TotalSeconds} s");
            }
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        // setsid made the server the leader of a new group whose id is its pid: the master and all its workers.
        var group = _process.Id;
        ProcessGroup.Signal(group, ProcessGroup.Term);
        var deadline = DateTime.UtcNow + StopGrace;
        while (ProcessGroup.IsAlive(group) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
        ProcessGroup.Signal(group, ProcessGroup.Kill);
        await _process.WaitForExitAsync();
        _process.Dispose();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
