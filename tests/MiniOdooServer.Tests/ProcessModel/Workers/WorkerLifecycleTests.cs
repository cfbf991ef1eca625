using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using MiniOdooServer.Configuration.Options;
using MiniOdooServer.ProcessModel;
using MiniOdooServer.ProcessModel.Scoreboards;
using MiniOdooServer.ProcessModel.Signals;
using MiniOdooServer.ProcessModel.Workers;
using MiniOdooServer.Tests.ProcessModel.Support;

namespace MiniOdooServer.Tests.ProcessModel.Workers;

/// <summary>Issue 18, item 2: the worker lifecycle written once, run here on fakes: no process, no signal, no sleep.</summary>
public sealed class WorkerLifecycleTests
{
    private const int Pid = 4242;

    private readonly FakeMasterLink _master = new();
    private readonly ListLogger _log = new();
    private readonly List<int> _exits = [];
    private readonly FakeTimeProvider _time = new();
    private Action<ProcessSignal>? _signal;
    private ProcessSignal[] _signals = [];

    private static WorkerEnvironment Environment(int? listenFd = 3) => new(listenFd, "10", "11", Generation: 2, ScoreboardFd: 12, ScoreboardSlot: 0);

    private WorkerLifecycle Lifecycle(WorkerEnvironment? environment = null) => new(environment ?? Environment(), new WorkerHost
    {
        LinkToMaster = () => _master,
        AttachScoreboard = () =>
        {
            var board = Scoreboard.Create();
            board.Claim();
            return board;
        },
        ListenForSignals = (handler, signals) =>
        {
            (_signal, _signals) = (handler, signals);
            return new Unregister(() => _signal = null);
        },
        Limits = (kind, slot) => new WorkerLimits(
            kind, new LimitOptions { Request = 2, TimeCpu = 60 }, slot, _time, Pid, new Random(1),
            kind == WorkerKind.LongPolling ? null : new CpuTimeLimit(60, () => TimeSpan.Zero, _ => { }, idleTime: null),
            () => 0),
        ExitNow = _exits.Add,
        Time = _time,
        ProcessId = Pid,
    }, _log);

    [Fact]
    public async Task AWorkerBootsServesDrainsAndExitsInThatOrder()
    {
        var role = new FakeRole(WorkerKind.Http) { OnServe = worker => worker.Stop() };

        var exitCode = await Lifecycle().RunAsync(role);

        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.Equal(["prepare", "start", "serve", "stop accepting", "drain", "dispose"], role.Calls);
        Assert.Equal(["Worker WorkerHTTP (4242) alive", "Worker (4242) exiting. request_count: 0."], _log.Messages);
        Assert.Equal([new WorkerMessage.Ready()], _master.Sent);
        Assert.Equal((WorkerSlotState.Idle, Pid), (role.SlotWhenServing!.State, role.SlotWhenServing.Pid));
        Assert.Equal(3, role.ListenFd);
        Assert.Empty(_exits);
    }

    [Fact]
    public async Task TheLongpollingWorkerCountsNoRequestsAndTakesNoSigxcpu()
    {
        var role = new FakeRole(WorkerKind.LongPolling) { OnServe = worker => worker.Stop() };

        await Lifecycle().RunAsync(role);

        Assert.Equal([ProcessSignal.Int, ProcessSignal.Term], _signals);
        Assert.Equal(["Worker WorkerLongPolling (4242) alive", "Worker (4242) exiting."], _log.Messages);
    }

    [Fact]
    public async Task AWorkerWithoutItsSocketFailsToBootWithoutTellingTheMaster()
    {
        var role = new FakeRole(WorkerKind.Http);

        var exitCode = await Lifecycle(Environment(listenFd: null)).RunAsync(role);

        Assert.Equal(ExitCodes.WorkerBootFailed, exitCode);
        Assert.True(_log.Has(LogLevel.Critical, "HTTP worker started without a listening socket (MINI_ODOO_LISTEN_FD unset)"));
        Assert.False(_master.Watched);
        Assert.Equal(["dispose"], role.Calls);
    }

    [Fact]
    public async Task ACronWorkerNeedsNoSocket()
    {
        var role = new FakeRole(WorkerKind.Cron) { OnServe = worker => worker.Stop() };

        Assert.Equal(ExitCodes.Success, await Lifecycle(Environment(listenFd: null)).RunAsync(role));
        Assert.Contains("Worker WorkerCron (4242) alive", _log.Messages);
    }

    [Fact]
    public async Task AWorkerThatCannotStartServingIsABootFailureAndNeverReady()
    {
        var role = new FakeRole(WorkerKind.Http) { StartFails = true };

        var exitCode = await Lifecycle().RunAsync(role);

        Assert.Equal(ExitCodes.WorkerBootFailed, exitCode);
        Assert.True(_log.Has(LogLevel.Critical, "Worker (4242) could not start serving: address in use"));
        Assert.Empty(_master.Sent);
        Assert.Equal(["prepare", "start", "dispose"], role.Calls);
    }

    [Fact]
    public async Task SigintStopsAcceptingAtOnceThenDrains()
    {
        var role = new FakeRole(WorkerKind.Http) { OnServe = _ => _signal!(ProcessSignal.Int) };

        Assert.Equal(ExitCodes.Success, await Lifecycle().RunAsync(role));

        Assert.Equal(["prepare", "start", "serve", "stop accepting", "drain", "dispose"], role.Calls);
        Assert.Equal([new WorkerMessage.Ready()], _master.Sent); // a stop is not a retirement
        Assert.Empty(_exits);
    }

    [Fact]
    public async Task SigtermExitsNowWithSuccess()
    {
        var role = new FakeRole(WorkerKind.Http) { OnServe = worker => { _signal!(ProcessSignal.Term); worker.Stop(); } };

        await Lifecycle().RunAsync(role);

        Assert.Equal([ExitCodes.Success], _exits);
    }

    [Fact]
    public async Task SigxcpuLogsTellsTheMasterAndExitsWithFailure()
    {
        var role = new FakeRole(WorkerKind.Cron)
        {
            OnServe = worker =>
            {
                worker.Limits.Begin("CRON", "nightly_export");
                _signal!(ProcessSignal.Xcpu);
                worker.Stop();
            },
        };

        await Lifecycle().RunAsync(role);

        Assert.Equal([ProcessSignal.Int, ProcessSignal.Term, ProcessSignal.Xcpu], _signals);
        Assert.True(_log.Has(LogLevel.Error, "Worker (4242) CPU time limit (60) reached during cron job nightly_export."));
        Assert.Equal(new WorkerMessage.Exiting("limit_time_cpu (60s) reached during CRON nightly_export"), _master.Sent[^1]);
        Assert.Equal([ExitCodes.Failure], _exits);
    }

    [Fact]
    public async Task AMasterThatIsGoneEndsTheWorkerAtOnce()
    {
        var role = new FakeRole(WorkerKind.Http) { OnServe = worker => { _master.Gone!(); worker.Stop(); } };

        await Lifecycle().RunAsync(role);

        Assert.Equal([ExitCodes.Failure], _exits);
    }

    [Fact]
    public async Task ALimitReachedRetiresTheWorkerOnceAndTellsTheMaster()
    {
        var role = new FakeRole(WorkerKind.Http)
        {
            OnServe = worker =>
            {
                for (var i = 0; i < 2; i++)
                {
                    worker.Limits.Begin("GET", "/web/health");
                    if (worker.Limits.End() is { } reason)
                    {
                        worker.Retire(reason);
                    }
                }
                worker.Retire(new RetireReason("limit_memory_soft", "a second reason"));
            },
        };

        Assert.Equal(ExitCodes.Success, await Lifecycle().RunAsync(role));

        Assert.Equal([new WorkerMessage.Ready(), new WorkerMessage.Exiting("limit_request")], _master.Sent);
        Assert.Equal(1, _log.Count("Worker (4242) max request (2) reached."));
        Assert.DoesNotContain("a second reason", _log.Messages);
        Assert.Equal(WorkerSlotState.Exiting, role.SlotWhenLeaving!.State);
        Assert.Contains("Worker (4242) exiting. request_count: 2.", _log.Messages);
        // Each retirement stops accepting again: cheap, and the role needs no state of its own to know.
        Assert.Equal(["prepare", "start", "serve", "stop accepting", "stop accepting", "drain", "dispose"], role.Calls);
    }

    private sealed class FakeRole(WorkerKind kind) : IWorkerRole
    {
        public List<string> Calls { get; } = [];

        public bool StartFails { get; init; }

        public Action<WorkerContext> OnServe { get; init; } = _ => { };

        public WorkerActivity? SlotWhenServing { get; private set; }

        public WorkerActivity? SlotWhenLeaving { get; private set; }

        public int? ListenFd { get; private set; }

        public WorkerKind Kind => kind;

        public string? SocketUser => kind == WorkerKind.Cron ? null : "HTTP worker";

        public void Prepare(WorkerContext worker)
        {
            Calls.Add("prepare");
            ListenFd = worker.Environment.ListenFd;
        }

        public Task StartAsync()
        {
            Calls.Add("start");
            return StartFails ? Task.FromException(new IOException("address in use")) : Task.CompletedTask;
        }

        public async Task ServeAsync(WorkerContext worker)
        {
            Calls.Add("serve");
            SlotWhenServing = worker.Slot.Read();
            OnServe(worker);
            await worker.Leaving;
            SlotWhenLeaving = worker.Slot.Read();
        }

        public void StopAccepting() => Calls.Add("stop accepting");

        public Task DrainAsync()
        {
            Calls.Add("drain");
            return Task.CompletedTask;
        }

        public ValueTask DisposeAsync()
        {
            Calls.Add("dispose");
            return ValueTask.CompletedTask;
        }
    }

    private sealed class FakeMasterLink : IMasterLink
    {
        public List<WorkerMessage> Sent { get; } = [];

        public Action? Gone { get; private set; }

        public bool Watched => Gone is not null;

        public void Send(WorkerMessage message) => Sent.Add(message);

        public void WatchMaster(Action masterGone) => Gone = masterGone;
    }

    private sealed class Unregister(Action action) : IDisposable
    {
        public void Dispose() => action();
    }
}
