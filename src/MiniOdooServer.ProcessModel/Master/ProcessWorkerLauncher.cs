using System.Diagnostics;
using System.Globalization;
using System.IO.Pipes;
using MiniOdooServer.ProcessModel.Native;
using MiniOdooServer.ProcessModel.Signals;
using MiniOdooServer.ProcessModel.Workers;

namespace MiniOdooServer.ProcessModel.Master;

/// <summary>
/// Starts a worker by executing this program again with <c>--role KIND</c> and the master's own arguments. The
/// worker inherits its kind's listening socket and two pipe ends (status up, control down). Only the master loop
/// calls <see cref="Start"/>, so the inheritable pipe ends of one worker never leak into another.
/// </summary>
public sealed class ProcessWorkerLauncher(
    IReadOnlyList<string> masterArgs,
    Func<WorkerKind, int?> listenFdOf,
    Func<WorkerKind, long> hardMemoryLimitOf) : IWorkerLauncher
{
    // Arguments that belong to the master alone.
    private static readonly string[] MasterOnlyFlags = ["-s", "--save"];

    public IWorkerProcess Start(WorkerKind kind, int generation, Action<MasterEvent> post)
    {
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
        var environment = new WorkerEnvironment(listenFdOf(kind), status.GetClientHandleAsString(), control.GetClientHandleAsString(), generation);
        foreach (var (name, value) in environment.ToVariables())
        {
            start.Environment[name] = value;
        }
        start.Environment["DOTNET_GCHeapHardLimit"] = GcHeapLimit(hardMemoryLimitOf(kind)).ToString("X", CultureInfo.InvariantCulture);

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        finally
        {
            status.DisposeLocalCopyOfClientHandle();
            control.DisposeLocalCopyOfClientHandle();
        }
        var worker = new StartedWorker(process);
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) =>
        {
            control.Dispose();
            post(new MasterEvent.WorkerExited(worker.Pid, process.ExitCode));
        };
        _ = ReadStatusAsync(worker.Pid, status, post);
        return worker;
    }

    /// <summary>
    /// The managed heap limit that keeps a worker under limit_memory_hard: the runtime's own native memory takes the
    /// rest. A request that needs more gets an OutOfMemoryException (an error answer), not an oversized process.
    /// </summary>
    internal static long GcHeapLimit(long hardLimit) => Math.Max(hardLimit - (48L << 20), hardLimit / 2);

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

    private sealed class StartedWorker(Process process) : IWorkerProcess
    {
        public int Pid { get; } = process.Id;

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
