using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace MiniOdooServer.FunctionalTests.Support;

/// <summary>
/// One real mini-odoo process started for a test, in a process group of its own (through setsid) so that disposing
/// it stops the master and every worker by group id, never by name. Its log (standard error) is kept for assertions.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly SemaphoreSlim _outputChanged = new(0);

    private ServerProcess(Process process, string workDirectory)
    {
        _process = process;
        WorkDirectory = workDirectory;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Pid => _process.Id;

    public string WorkDirectory { get; }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>
    /// Starts mini-odoo with <paramref name="args"/>; a data_dir in a fresh temporary folder is added unless given.
    /// <paramref name="launcher"/> is a command that executes mini-odoo in its own place (e.g. <c>prlimit --nofile=N:N</c>).
    /// </summary>
    public static ServerProcess Start(
        IEnumerable<string> args, IDictionary<string, string>? environment = null, string? workDirectory = null, IEnumerable<string>? launcher = null)
    {
        workDirectory ??= Directory.CreateTempSubdirectory("mini-odoo-test-").FullName;
        var start = new ProcessStartInfo("setsid")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = workDirectory,
            UseShellExecute = false,
        };
        foreach (var word in launcher ?? [])
        {
            start.ArgumentList.Add(word);
        }
        start.ArgumentList.Add(Binary.Path);
        var argList = args.ToList();
        foreach (var arg in argList)
        {
            start.ArgumentList.Add(arg);
        }
        if (!argList.Contains("--data-dir") && !argList.Contains("-D"))
        {
            start.ArgumentList.Add("--data-dir");
            start.ArgumentList.Add(Path.Combine(workDirectory, "data"));
        }
        start.Environment["HOME"] = workDirectory; // no ~/.odoorc of the machine leaks in
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }
        return new ServerProcess(Process.Start(start)!, workDirectory);
    }

    /// <summary>Waits until the log has a line matching <paramref name="pattern"/>; returns the match.</summary>
    /// <param name="timeout">Unscaled (<see cref="Wait.Scaled"/>); <see cref="Wait.DefaultTimeout"/> when null.</param>
    public async Task<Match> WaitForLogAsync(string pattern, TimeSpan? timeout = null, int occurrences = 1)
    {
        var regex = new Regex(pattern, RegexOptions.Multiline);
        var deadline = DateTime.UtcNow + (timeout is { } given ? Wait.Scaled(given) : Wait.DefaultTimeout);
        while (true)
        {
            var matches = regex.Matches(Output);
            if (matches.Count >= occurrences)
            {
                return matches[occurrences - 1];
            }
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException($"no log line matching /{pattern}/ (x{occurrences}) within the timeout. Log:\n{Output}");
            }
            await _outputChanged.WaitAsync(left < TimeSpan.FromMilliseconds(200) ? left : TimeSpan.FromMilliseconds(200));
        }
    }

    /// <summary>Waits for the process to exit by itself; returns its exit status.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(Wait.Scaled(timeout ?? TimeSpan.FromSeconds(30)));
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"mini-odoo (pid {Pid}) did not exit in time. Log:\n{Output}");
        }
        return _process.ExitCode;
    }

    public void Signal(int signal) => Signals.Send(Pid, signal);

    /// <summary>The pids of this process's living children (every thread's children: the master starts them from its loop).</summary>
    public IReadOnlyList<int> ChildPids() => ChildPidsOf(Pid);

    /// <summary>The pids of a process's living children.</summary>
    public static IReadOnlyList<int> ChildPidsOf(int pid)
    {
        var children = new List<int>();
        try
        {
            foreach (var task in Directory.GetDirectories($"/proc/{pid}/task"))
            {
                var text = File.ReadAllText(Path.Combine(task, "children"));
                children.AddRange(text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse));
            }
        }
        catch (IOException)
        {
        }
        return children.Distinct().Order().ToArray();
    }

    /// <summary>The living children started with <c>--role http</c>.</summary>
    public IReadOnlyList<int> HttpWorkerPids() => ChildPids().Where(pid => RoleOf(pid) == "http").ToArray();

    /// <summary>The living children started with <c>--role cron</c>.</summary>
    public IReadOnlyList<int> CronWorkerPids() => ChildPids().Where(pid => RoleOf(pid) == "cron").ToArray();

    /// <summary>The living longpolling worker, or null.</summary>
    public int? LongPollingWorkerPid() => ChildPids().Where(pid => RoleOf(pid) == "longpolling").Select(pid => (int?)pid).FirstOrDefault();

    /// <summary>The value after <c>--role</c> on a process's command line, or null.</summary>
    private static string? RoleOf(int pid)
    {
        try
        {
            var arguments = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0');
            var index = Array.IndexOf(arguments, "--role");
            return index >= 0 && index + 1 < arguments.Length ? arguments[index + 1] : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // The whole group: the master and any worker it left. Bounded: a test must never hang in its cleanup.
            Signals.Send(-Pid, Signals.Kill);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }
        else
        {
            Signals.Send(-Pid, Signals.Kill);
        }
        _process.Dispose();
        try
        {
            Directory.Delete(WorkDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.Append(line).Append('\n');
        }
        _outputChanged.Release();
    }
}
