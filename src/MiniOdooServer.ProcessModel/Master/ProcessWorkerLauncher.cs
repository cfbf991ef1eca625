using System.Diagnostics;
using System.Globalization;
using System.IO.Pipes;
using MiniOdooServer.ProcessModel.Native;
using MiniOdooServer.ProcessModel.Scoreboards;
using MiniOdooServer.ProcessModel.Signals;
using MiniOdooServer.ProcessModel.Workers;

namespace MiniOdooServer.ProcessModel.Master;

/// <summary>
/// Starts a worker by executing this program again with <c>--role KIND</c> and the master's own arguments. The
/// worker inherits its kind's listening socket, two pipe ends (status up, control down), the scoreboard, where it
/// gets a slot, and its generation's configuration (<see cref="ConfigurationInheritance"/>). Only the master loop calls
/// <see cref="Start"/>, so the inheritable pipe ends of one worker never leak into another.
/// </summary>
public sealed class ProcessWorkerLauncher(
    IReadOnlyList<string> masterArgs,
    Scoreboard scoreboard,
    Func<WorkerKind, int?> listenFdOf,
    Func<WorkerKind, long> hardMemoryLimitOf,
    TimeProvider time) : IWorkerLauncher, IDisposable
{
    // Arguments that belong to the master alone.
    private static readonly string[] MasterOnlyFlags = ["-s", "--save"];

    public const string Gen0BudgetVariable = "DOTNET_GCgen0size";

    /// <summary>The youngest-generation budget of an HTTP or cron worker's GC.</summary>
    public const int Gen0Budget = 4 << 20;

    // The configuration file of the generation being started (generations count from 1; null: no file). Only the
    // newest generation starts workers, so the one before is closed when a reload's first worker starts (a worker
    // keeps the copy of the descriptor it inherited).
    private int _configGeneration;
    private SealedMemoryFile? _configFile;

    public IWorkerProcess Start(WorkerKind kind, int generation, GenerationConfiguration configuration, Action<MasterEvent> post)
    {
        var configFile = ConfigFileOf(generation, configuration);
        var slot = scoreboard.Claim() ?? throw new InvalidOperationException($"all {Scoreboard.Capacity} scoreboard slots are in use");
        scoreboard[slot].Assign(kind, generation, time.GetUtcNow());
        var status = new AnonymousPipeServerStream(PipeDirection.In, HandleInheritability.Inheritable);
        var control = new AnonymousPipeServerStream(PipeDirection.Out, HandleInheritability.Inheritable);
        var (program, prefix) = SelfExecutable.Command();
        var start = new ProcessStartInfo(program) { UseShellExecute = false };
        foreach (var arg in prefix.Concat(masterArgs.Where(a => !MasterOnlyFlags.Contains(a))))
        {
            start.ArgumentList.Add(arg);
        }
        start.ArgumentList.Add("--role");
        start.ArgumentList.Add(kind.Role());
        var environment = new WorkerEnvironment(
            listenFdOf(kind), status.GetClientHandleAsString(), control.GetClientHandleAsString(), generation, scoreboard.Fd, slot);
        foreach (var (name, value) in environment.ToVariables()
                     .Concat(ConfigurationInheritance.ToVariables(configFile?.Fd, MasterOwnedSettings.Of(configuration.Options))))
        {
            start.Environment[name] = value;
        }
        start.Environment["DOTNET_GCHeapHardLimit"] = GcHeapLimit(hardMemoryLimitOf(kind)).ToString("X", CultureInfo.InvariantCulture);
        if (kind != WorkerKind.LongPolling)
        {
            // For both settings below, a value the user exported wins.
            // A worker with one request at a time leaves its pool threads idle between requests: spinning there
            // before sleeping only takes the CPU from the other workers.
            start.Environment.TryAdd("DOTNET_ThreadPool_UnfairSemaphoreSpinLimit", "0");
            // The GC's youngest-generation budget follows the L3 cache, tens of MB: a worker serving one small
            // request at a time would carry that much garbage between collections (the footprint benchmark shows
            // it). The longpolling worker compacts when it goes quiet instead.
            // Hexadecimal without "0x": the Native AOT runtime ignores the prefixed form.
            start.Environment.TryAdd(Gen0BudgetVariable, Gen0Budget.ToString("X", CultureInfo.InvariantCulture));
        }

        Process process;
        try
        {
            using var inherited = new InheritableDescriptors(configFile is null ? [scoreboard.Fd] : [scoreboard.Fd, configFile.Fd]);
            process = Process.Start(start)!;
        }
        catch
        {
            scoreboard.Release(slot);
            throw;
        }
        finally
        {
            status.DisposeLocalCopyOfClientHandle();
            control.DisposeLocalCopyOfClientHandle();
        }
        var worker = new StartedWorker(process, scoreboard, slot);
        var statusRead = ReadStatusAsync(worker.Pid, status, post);
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) =>
        {
            control.Dispose();
            _ = PostExitAsync(worker.Pid, process, statusRead, post);
        };
        return worker;
    }

    public void Dispose() => _configFile?.Dispose();

    private SealedMemoryFile? ConfigFileOf(int generation, GenerationConfiguration configuration)
    {
        if (_configGeneration != generation)
        {
            _configFile?.Dispose();
            // Cleared first: should the next one fail to be created, no closed descriptor stays current.
            (_configGeneration, _configFile) = (0, null);
            _configFile = configuration.ConfigFile is { } bytes ? SealedMemoryFile.Create(ConfigurationInheritance.MemfdName, bytes) : null;
            _configGeneration = generation;
        }
        return _configFile;
    }

    /// <summary>
    /// The managed heap limit that keeps a worker under limit_memory_hard: the runtime's own native memory takes the
    /// rest. A request that needs more gets an OutOfMemoryException (an error answer), not an oversized process.
    /// </summary>
    internal static long GcHeapLimit(long hardLimit) => Math.Max(hardLimit - (48L << 20), hardLimit / 2);

    /// <summary>
    /// Reports the exit once the worker's last words are read (its end of the status pipe closes with it): a worker
    /// that said "exiting: limit_request" and exited at once must not be taken for one that died. A second at most,
    /// in case something else still holds the pipe open.
    /// </summary>
    private async Task PostExitAsync(int pid, Process process, Task statusRead, Action<MasterEvent> post)
    {
        await Task.WhenAny(statusRead, Task.Delay(TimeSpan.FromSeconds(1), time));
        post(new MasterEvent.WorkerExited(pid, process.ExitCode));
    }

    private static async Task ReadStatusAsync(int pid, AnonymousPipeServerStream status, Action<MasterEvent> post)
    {
        using var reader = new StreamReader(status);
        try
        {
            while (await reader.ReadLineAsync() is { } line)
            {
                if (WorkerMessage.Parse(line) is { } message)
                {
                    post(new MasterEvent.WorkerSaid(pid, message));
                }
            }
        }
        catch (IOException)
        {
            // The worker is gone; its exit is reported by the Exited event.
        }
    }

    private sealed class StartedWorker(Process process, Scoreboard scoreboard, int slot) : IWorkerProcess
    {
        private readonly WatchedSlot _watched = new(scoreboard, slot, TimeProvider.System);
        private bool _released;

        public int Pid { get; } = process.Id;

        public int? Slot => slot;

        public WorkerActivity ReadActivity() => _released ? WorkerActivity.None : _watched.Read();

        /// <summary>The master handled its exit: the slot goes to the next worker.</summary>
        public void Dispose()
        {
            if (!_released)
            {
                _released = true;
                scoreboard.Release(slot);
                process.Dispose();
            }
        }

        public void Signal(ProcessSignal signal)
        {
            if (signal == ProcessSignal.Kill)
            {
                try
                {
                    process.Kill();
                }
                catch (InvalidOperationException)
                {
                    // Already exited.
                }
                return;
            }
            LibC.kill(Pid, (int)signal);
        }
    }
}
