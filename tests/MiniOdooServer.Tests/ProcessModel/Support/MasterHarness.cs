using Microsoft.Extensions.Time.Testing;
using MiniOdooServer.Configuration.Options;
using MiniOdooServer.ProcessModel.Master;
using MiniOdooServer.ProcessModel.Scoreboards;
using MiniOdooServer.ProcessModel.Signals;
using MiniOdooServer.ProcessModel.Workers;

namespace MiniOdooServer.Tests.ProcessModel.Support;

/// <summary>A PreforkMaster wired to fakes, with one-line helpers for what workers and signals do to it.</summary>
internal sealed class MasterHarness
{
    public MasterHarness(
        int workers = 2, int timeReal = 120, Func<ServerOptions>? reload = null, bool longPolling = false,
        int cronWorkers = 0, int timeRealCron = -1, ISupervisionJournal? journal = null, int heartbeatGevent = 60,
        IServiceManager? serviceManager = null, ISuccessorLauncher? successors = null)
    {
        Options = new ServerOptions
        {
            Workers = workers,
            MaxCronThreads = cronWorkers,
            Limits = new LimitOptions { TimeReal = timeReal, TimeRealCron = timeRealCron, TimeHeartbeatGevent = heartbeatGevent },
        };
        Reload = reload ?? (() => Options);
        Master = new PreforkMaster(new GenerationConfiguration(Options, FileContents), Launcher, Time, Log,
            () => { ReloadCalls++; return new GenerationConfiguration(Reload(), FileContents); },
            longPolling, journal, serviceManager, successors);
    }

    public ServerOptions Options { get; }

    public Func<ServerOptions> Reload { get; set; }

    /// <summary>The configuration file's bytes as the master reads them, at start and on each reload.</summary>
    public byte[]? FileContents { get; set; } = "[options]\n"u8.ToArray();

    public int ReloadCalls { get; private set; }

    public FakeWorkerLauncher Launcher { get; } = new();

    public FakeTimeProvider Time { get; } = new();

    public ListLogger Log { get; } = new();

    public PreforkMaster Master { get; }

    public void Tick() => Master.Tick();

    public void Advance(TimeSpan by)
    {
        Time.Advance(by);
        Master.Tick();
    }

    public void Signal(ProcessSignal signal) => Master.Handle(new MasterEvent.SignalReceived(signal));

    public void Say(int pid, WorkerMessage message) => Master.Handle(new MasterEvent.WorkerSaid(pid, message));

    public void Ready(int pid) => Say(pid, new WorkerMessage.Ready());

    /// <summary>The worker writes in its slot that a request began now; the master reads it on its next tick.</summary>
    public void Busy(int pid, string path = "/web/login") => Process(pid).Activity = Process(pid).Activity with
    {
        Pid = pid,
        State = WorkerSlotState.Busy,
        RequestStartedTimestamp = Time.GetTimestamp(),
        RequestStartedAt = Time.GetUtcNow(),
        Method = "GET",
        Path = path,
    };

    /// <summary>The worker writes in its slot that its request ended.</summary>
    public void Idle(int pid, long served) => Process(pid).Activity = Process(pid).Activity with
    {
        Pid = pid,
        State = WorkerSlotState.Idle,
        Served = served,
        RequestStartedTimestamp = null,
        RequestStartedAt = null,
        Method = null,
        Path = null,
    };

    /// <summary>The worker's heartbeat timer writes in its slot that it is alive now.</summary>
    public void Beat(int pid) => Process(pid).Activity = Process(pid).Activity with { Pid = pid, HeartbeatTimestamp = Time.GetTimestamp() };

    public FakeWorkerProcess Process(int pid) => Launcher.Started.Single(p => p.Pid == pid);

    public void Exit(int pid, int code) => Master.Handle(new MasterEvent.WorkerExited(pid, code));

    /// <summary>The pids the master currently tracks.</summary>
    public int[] Pids => [.. Master.Workers.Select(w => w.Pid)];

    public WorkerHandle Worker(int pid) => Master.Workers.Single(w => w.Pid == pid);

    /// <summary>First Tick, then every started worker says ready.</summary>
    public int[] StartAllReady()
    {
        Tick();
        foreach (var pid in Pids)
        {
            Ready(pid);
        }
        return Pids;
    }

    public static int KilledBy(ProcessSignal signal) => 128 + (int)signal;
}
