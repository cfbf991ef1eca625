using MiniOdooServer.Configuration.Options;
using MiniOdooServer.Logging;
using MiniOdooServer.ProcessModel.Workers;

namespace MiniOdooServer.Roles;

/// <summary>A worker role run in this process, the one a master started with <paramref name="environment"/>.</summary>
internal static class WorkerProcess
{
    public static async Task<RoleOutcome> RunAsync(
        WorkerEnvironment environment, IWorkerRole role, ServerOptions options, LoggingSession logging)
    {
        var host = WorkerHost.ForCurrentProcess(environment, options.Limits, exitCode => ExitNow(logging, exitCode));
        var lifecycle = new WorkerLifecycle(environment, host, logging.CreateLogger(LoggerNames.Server));
        return RoleOutcome.Exit(await lifecycle.RunAsync(role));
    }

    /// <summary>Leaves at once, writing out the log first.</summary>
    private static void ExitNow(LoggingSession logging, int exitCode)
    {
        logging.Dispose();
        Environment.Exit(exitCode);
    }
}
