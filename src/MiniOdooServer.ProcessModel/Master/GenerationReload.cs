using Microsoft.Extensions.Logging;
using MiniOdooServer.Configuration.Options;
using MiniOdooServer.ProcessModel.Workers;

namespace MiniOdooServer.ProcessModel.Master;

/// <summary>
/// SIGHUP, a zero-downtime reload: the configuration is read again and a new generation started; an older
/// generation is told to stop only once the new one accepts, kind by kind.
/// </summary>
internal sealed class GenerationReload(
    WorkerRoster roster, WorkerRetirement retirement, Func<GenerationConfiguration> reload, ILogger log)
{
    public void Reload()
    {
        GenerationConfiguration next;
        try
        {
            var loaded = reload();
            var options = loaded.Options;
            if (!options.Prefork)
            {
                // workers = 0 means the threaded server, which this process cannot become; a population of 0 would
                // make the new generation complete at once and retire every worker, leaving the socket unserved.
                log.ReloadRefused("workers = 0 selects the threaded server: it needs a restart");
                return;
            }
            var current = roster.Options;
            if (options.HttpWorkerProcesses > 0 != current.HttpWorkerProcesses > 0)
            {
                // The HTTP socket is bound at start only when HTTP workers serve it: starting or ending that is a restart.
                log.ReloadRefused("serving HTTP or not (http_enable, workers = -1) needs a restart");
                return;
            }
            if (MasterOwnedSettings.Differ(options, current))
            {
                log.ListenAddressNeedsRestart();
            }
            next = loaded with { Options = MasterOwnedSettings.Keep(options, current) };
        }
        catch (Exception e)
        {
            log.ReloadRefused(e.Message);
            return;
        }
        roster.StartGeneration(next);
        log.Reloading(roster.Generation);
    }

    /// <summary>Retires the older generation of each kind whose new generation accepts in full.</summary>
    public void RetireOutgoingGeneration()
    {
        foreach (var kind in Enum.GetValues<WorkerKind>())
        {
            var outgoing = roster.Outgoing(kind);
            if (outgoing.Length == 0 || roster.Accepting(kind) < roster.Target(kind))
            {
                continue;
            }
            foreach (var worker in outgoing)
            {
                retirement.Retire(worker, $"replaced by generation {roster.Generation}");
            }
            log.GenerationRetired(kind.OdooName(), outgoing.Length, roster.Generation);
        }
    }
}
