using Microsoft.Extensions.Logging;
using MiniOdooServer.App.Modules;
using MiniOdooServer.App.Storage;
using MiniOdooServer.Configuration.Loading;
using MiniOdooServer.Configuration.Options;
using MiniOdooServer.Logging;
using MiniOdooServer.ProcessModel;
using MiniOdooServer.ProcessModel.Master;
using MiniOdooServer.ProcessModel.Signals;
using MiniOdooServer.ProcessModel.Workers;
using MiniOdooServer.Roles;
using MiniOdooServer.ScoreboardBridge;
using MiniOdooServer.Threaded;

namespace MiniOdooServer;

/// <summary>
/// mini-odoo's entry point: read the options (exit 2 on any problem, before anything binds), set up logging,
/// then run the role this process was started for.
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        InheritedSignalDispositions.ReexecuteIfIgnored(args);
        var commandLine = new CommandLineSyntax().Parse(args);
        if (CommandLineSyntax.IsInformational(commandLine.Result))
        {
            return await commandLine.Result.InvokeAsync();
        }

        LoadedConfiguration configuration;
        try
        {
            // A worker runs with what its master read, not with the file as it may have been edited since.
            configuration = ServerOptionsLoader.Load(
                commandLine, commandLine.Role is null ? null : ConfigurationInheritance.Read(Environment.GetEnvironmentVariable));
            if (commandLine.Role is null && !commandLine.Status)
            {
                // A server about to start (workers inherit a checked configuration; status only reads).
                DataDirectoryProbe.ThrowIfUnusable(configuration.Options);
                if (RouteModuleCatalog.WhyNothingIsServed(configuration.Options) is { } nothing)
                {
                    throw new ConfigurationError([nothing]);
                }
            }
        }
        catch (ConfigurationError e)
        {
            await Console.Error.WriteLineAsync($"mini-odoo: {e.Message}");
            return ExitCodes.ConfigurationError;
        }

        if (commandLine.Role is null && !commandLine.Status && !configuration.Options.Database.IsConfigured &&
            SqliteLibrary.WhyItCannotLoad() is { } missing)
        {
            await Console.Error.WriteLineAsync($"mini-odoo: {missing}");
            return ExitCodes.Failure;
        }

        if (commandLine.Status)
        {
            return StatusCommand.Run(configuration.Options, Console.Out, Console.Error);
        }

        var logging = LoggingSetup.Create(configuration.Options,
            eachLineAtOnce: commandLine.Role is null && configuration.Options.Prefork);
        // Odoo's cli/server.py reports the start and its failures under the plain `odoo` logger, not the server's.
        var log = logging.CreateLogger(LoggerNames.Cli);
        try
        {
            if (commandLine.Role is null)
            {
                StartupReport.Write(log, configuration);
            }
            if (commandLine.Save && configuration.Options.ConfigFile is { } path)
            {
                Save(configuration, path, log);
            }
            if (commandLine.StopAfterInit)
            {
                return ExitCodes.Success;
            }
            var invocation = new ServerInvocation(args);
            if (commandLine.Role is { } role)
            {
                return (await RunWorkerAsync(role, configuration.Options, logging)).ExitCode;
            }
            PidFile pidFile;
            try
            {
                pidFile = PidFile.Claim(configuration.Options.PidFile, UpgradeEnvironment.PredecessorOf(Environment.GetEnvironmentVariable));
            }
            catch (PidFileException e)
            {
                log.LogCritical("{Problem}", e.Message);
                return ExitCodes.Failure;
            }
            var outcome = configuration.Options.Prefork
                ? await new PreforkMasterRole(invocation).RunAsync(configuration, logging)
                : await new ThreadedServer(invocation).RunAsync(configuration.Options, logging);
            if (outcome.Reexecute)
            {
                // The pidfile stays: the program that replaces this one keeps the pid.
                logging.Dispose();
                SelfExecutable.ReplaceProcess(args);
            }
            pidFile.Dispose();
            return outcome.ExitCode;
        }
        catch (Exception e)
        {
            log.LogCritical(e, "mini-odoo stopped on an unexpected error");
            return ExitCodes.Failure;
        }
        finally
        {
            logging.Dispose();
        }
    }

    /// <summary>-s: as Odoo, a file that cannot be written is reported and the server starts all the same.</summary>
    private static void Save(LoadedConfiguration configuration, string path, ILogger log)
    {
        try
        {
            ConfigFileWriter.Save(configuration.Options, configuration.File, path);
            log.LogInformation("Configuration saved to {Path}", path);
        }
        catch (ConfigurationError e)
        {
            log.LogError("{Problem}", string.Join("; ", e.Problems));
        }
    }

    /// <summary>A process the master started: its role argument and the descriptors it inherited.</summary>
    private static Task<RoleOutcome> RunWorkerAsync(string role, ServerOptions options, LoggingSession logging)
    {
        var environment = WorkerEnvironment.Read(Environment.GetEnvironmentVariable);
        return (environment, WorkerKinds.FromRole(role)) switch
        {
            ({ } worker, WorkerKind.Http) => WorkerProcess.RunAsync(worker, new HttpWorkerRole(options, logging), options, logging),
            ({ } worker, WorkerKind.LongPolling) => WorkerProcess.RunAsync(worker, new LongPollingWorkerRole(options, logging), options, logging),
            ({ } worker, WorkerKind.Cron) => WorkerProcess.RunAsync(worker, new CronWorkerRole(options, logging), options, logging),
            _ => RefuseRole(role, logging),
        };
    }

    private static Task<RoleOutcome> RefuseRole(string role, LoggingSession logging)
    {
        logging.CreateLogger(LoggerNames.Cli).LogCritical("--role {Role} is for processes a mini-odoo master starts", role);
        return Task.FromResult(RoleOutcome.Exit(ExitCodes.WorkerBootFailed));
    }
}
