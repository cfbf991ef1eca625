using Microsoft.Extensions.Logging;
using MiniOdooServer.ProcessModel.Signals;
using MiniOdooServer.Tests.ProcessModel.Support;

namespace MiniOdooServer.Tests.ProcessModel.Master;

/// <summary>SIGHUP: a zero-downtime reload, generation by generation.</summary>
public sealed class PreforkMasterReloadTests
{
    private static readonly int KilledByKill = MasterHarness.KilledBy(ProcessSignal.Kill);

    [Fact]
    public void SighupStartsANewGenerationAndRetiresTheOldOneOnlyWhenAllNewOnesAreReady()
    {
        var h = new MasterHarness(workers: 2);
        var old = h.StartAllReady();

        h.Signal(ProcessSignal.Hup);
        h.Tick();

        Assert.Equal(1, h.ReloadCalls);
        Assert.Equal(2, h.Master.Generation);
        var fresh = h.Launcher.OfGeneration(2).Select(p => p.Pid).ToArray();
        Assert.Equal(2, fresh.Length);
        Assert.Contains("Reloading server: starting generation 2", h.Log.Messages);

        h.Ready(fresh[0]);
        h.Tick();
        h.Advance(TimeSpan.FromSeconds(1));
        Assert.Empty(h.Launcher.AllSignals);

        h.Ready(fresh[1]);
        h.Tick();
        Assert.Equal([(old[0], ProcessSignal.Int), (old[1], ProcessSignal.Int)], h.Launcher.AllSignals);
        Assert.Contains("WorkerHTTP: 2 worker(s) of older generations retired, generation 2 is accepting", h.Log.Messages);

        h.Tick();
        Assert.Equal(2, h.Launcher.AllSignals.Count());
        Assert.Equal(4, h.Launcher.Started.Count);
    }

    [Fact]
    public void EachGenerationsWorkersGetTheFileReadForItAndTheSocketsTheMasterBound()
    {
        var h = new MasterHarness(workers: 1);
        var first = h.FileContents;
        h.Reload = () => h.Options with { HttpPort = 9069, GeventPort = 9072, HttpInterface = "127.0.0.2", Workers = 2 };
        var old = h.StartAllReady().Single();

        h.FileContents = "[options]\nworkers = 2\nhttp_port = 9069\n"u8.ToArray();
        h.Signal(ProcessSignal.Hup);
        h.Tick();

        Assert.Contains(h.Log.Messages, m => m.Contains("need a restart", StringComparison.Ordinal));
        var fresh = h.Launcher.OfGeneration(2).ToArray();
        Assert.Equal(2, fresh.Length);
        foreach (var worker in fresh)
        {
            Assert.Same(h.FileContents, worker.Configuration!.ConfigFile);
            Assert.Equal((8069, 8072, "", 2), (worker.Configuration.Options.HttpPort, worker.Configuration.Options.GeventPort,
                worker.Configuration.Options.HttpInterface, worker.Configuration.Options.Workers));
        }
        Assert.Same(first, h.Launcher.Started.Single(p => p.Pid == old).Configuration!.ConfigFile);
    }

    [Fact]
    public void AWorkerRespawnedAfterARefusedReloadGetsItsGenerationsFile()
    {
        var h = new MasterHarness(workers: 1);
        var first = h.FileContents;
        var old = h.StartAllReady().Single();
        h.Reload = () => throw new InvalidOperationException("workers = many");
        h.FileContents = "[options]\nworkers = many\n"u8.ToArray();
        h.Signal(ProcessSignal.Hup);
        h.Tick();

        h.Exit(old, KilledByKill);
        h.Tick();

        var respawned = h.Launcher.Started.Last();
        Assert.NotEqual(old, respawned.Pid);
        Assert.Equal(1, respawned.Generation);
        Assert.Same(first, respawned.Configuration!.ConfigFile);
    }

    [Fact]
    public void OldWorkersExitingAfterAReloadAreNotReplaced()
    {
        var h = new MasterHarness(workers: 1);
        var old = h.StartAllReady()[0];
        h.Signal(ProcessSignal.Hup);
        h.Tick();
        h.Ready(h.Launcher.OfGeneration(2).Single().Pid);
        h.Tick();

        h.Exit(old, 0);
        h.Tick();

        Assert.Equal(2, h.Launcher.Started.Count);
        Assert.Contains($"WorkerHTTP ({old}) exited (replaced by generation 2), status 0", h.Log.Messages);
    }

    [Fact]
    public void AReloadThatThrowsKeepsTheCurrentGeneration()
    {
        var h = new MasterHarness(workers: 2, reload: () => throw new InvalidOperationException("bad limit_time_real"));
        h.StartAllReady();

        h.Signal(ProcessSignal.Hup);
        h.Tick();

        Assert.Equal(1, h.ReloadCalls);
        Assert.Equal(1, h.Master.Generation);
        Assert.Equal(2, h.Launcher.Started.Count);
        Assert.Empty(h.Launcher.AllSignals);
        Assert.Contains((LogLevel.Error, "Reload refused, the workers keep their configuration: bad limit_time_real"), h.Log.Entries);
    }

    [Fact]
    public void AReloadAppliesTheNewWorkerCount()
    {
        var h = new MasterHarness(workers: 2);
        h.StartAllReady();
        h.Reload = () => h.Options with { Workers = 3 };

        h.Signal(ProcessSignal.Hup);
        h.Tick();

        Assert.Equal(3, h.Launcher.OfGeneration(2).Count());
    }

    [Fact]
    public void AReloadToWorkersZeroIsRefusedAndTheWorkersKeepServing()
    {
        // workers = 0 selects the threaded server, which a prefork master cannot become: without this rule the new
        // population is 0, generation 2 is "complete" at once, and every generation-1 worker is told to stop.
        var h = new MasterHarness(workers: 2);
        h.StartAllReady();
        h.Reload = () => h.Options with { Workers = 0 };

        h.Signal(ProcessSignal.Hup);
        h.Tick();
        h.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(1, h.Master.Generation);
        Assert.Equal(2, h.Master.HttpPopulation);
        Assert.Empty(h.Launcher.AllSignals);
        Assert.Contains(h.Log.Entries, e => e.Level == LogLevel.Error && e.Message.StartsWith("Reload refused", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(2)]
    public void AReloadThatStartsOrEndsServingHttpIsRefused(int workersAfter)
    {
        // The HTTP socket is bound at start only for HTTP workers: a master started with workers = -1 has none to
        // hand to new ones, and one that serves HTTP must not retire every HTTP worker and leave its socket unserved.
        var workersBefore = workersAfter > 0 ? -1 : 2;
        var h = new MasterHarness(workers: workersBefore);
        h.StartAllReady();
        h.Reload = () => h.Options with { Workers = workersAfter };

        h.Signal(ProcessSignal.Hup);
        h.Tick();

        Assert.Equal(1, h.Master.Generation);
        Assert.Empty(h.Launcher.AllSignals);
        Assert.Contains(h.Log.Entries, e => e.Level == LogLevel.Error &&
            e.Message == "Reload refused, the workers keep their configuration: serving HTTP or not (http_enable, workers = -1) needs a restart");
    }
}
