using MiniOdooServer.Configuration.Cron;
using MiniOdooServer.Configuration.Options;

namespace MiniOdooServer.Configuration.Loading;

/// <summary>
/// The single conversion point from text to <see cref="ServerOptions"/>: defaults, then the configuration file,
/// then the command line. Every problem is collected and reported at once in a <see cref="ConfigurationError"/>,
/// before anything binds or spawns.
/// </summary>
public static class ServerOptionsLoader
{
    /// <summary>
    /// Loads with the process's environment and home directory; a worker passes what its master
    /// <paramref name="inherited"/> instead of the file's current contents.
    /// </summary>
    public static LoadedConfiguration Load(ParsedCommandLine commandLine, InheritedConfiguration? inherited = null) =>
        Load(commandLine, Environment.GetEnvironmentVariable, Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), inherited);

    /// <summary>Loads with the given environment and home directory (for tests).</summary>
    public static LoadedConfiguration Load(
        ParsedCommandLine commandLine, Func<string, string?> environment, string home, InheritedConfiguration? inherited = null)
    {
        if (commandLine.Errors.Count > 0)
        {
            throw new ConfigurationError(commandLine.Errors);
        }
        var path = ConfigFileLocator.Locate(commandLine.ConfigPath, environment, home);
        IniConfigFile? file = null;
        // An explicit -c file must be readable, unless --save is about to create it; the default file is optional.
        var mustExist = commandLine.ConfigPath is not null && !commandLine.Save;
        if (inherited is not null)
        {
            file = inherited.FileContents is { } contents ? IniConfigFile.Parse(path, contents) : null;
        }
        else if (mustExist || File.Exists(path))
        {
            file = IniConfigFile.Read(path);
        }

        var options = new ServerOptions { ConfigFile = file?.Path ?? (commandLine.Save ? path : null) };
        var problems = new List<string>();
        var warnings = new List<string>();
        var notImplemented = new List<string>();
        file?.CheckLayout(problems, warnings);
        foreach (var setting in (file?.Options() ?? []).Concat(commandLine.Settings).Concat(inherited?.MasterSettings ?? []))
        {
            var definition = OptionCatalog.Find(setting.Key);
            if (definition is null)
            {
                notImplemented.Add(setting.Key);
                continue;
            }
            // A repeatable flag adds to the file's list rather than replacing it, as Odoo's
            // options['log_handler'].extend(opt.log_handler) does; later entries win for the same logger.
            var text = definition.Repeatable && setting.FromCommandLine
                ? definition.FormatValue(options) + "," + setting.Text
                : setting.Text;
            if (!definition.TryApply(ref options, text))
            {
                problems.Add($"{setting.Describe()}: expected {definition.Expected}");
                continue;
            }
            if (!setting.FromCommandLine && definition.OdooReadsOtherwise(setting.Text) is { } otherwise)
            {
                warnings.Add($"{setting.Describe()}: {otherwise}");
            }
            if (setting.FromCommandLine && setting.Key == "db_password" && LooksLikeAWorkerCount(setting.Text))
            {
                warnings.Add($"{setting.Describe()} sets db_password, as -w does in Odoo; did you mean --workers {setting.Text.Trim()}?");
            }
            if (definition.DeprecationWarning is { } deprecation && !OptionDefinition.IsUnsetText(setting.Text.Trim()))
            {
                warnings.Add(deprecation);
            }
        }
        if (notImplemented.Count > 0)
        {
            warnings.Add("Options mini-odoo does not use, ignored (-s keeps them): " + string.Join(", ", notImplemented));
        }
        options = PathOptions.Normalize(options, environment, home);
        problems.AddRange(ServerOptionsValidator.Validate(options));
        warnings.AddRange(ServerOptionsValidator.Warnings(options));
        if (file is not null)
        {
            options = options with { CronJobs = CronJobParser.Parse(file.Root, problems) };
        }
        if (problems.Count > 0)
        {
            throw new ConfigurationError(problems);
        }
        return new LoadedConfiguration(options, file, warnings);
    }

    /// <summary>gunicorn's -w is its worker count; Odoo's is the database password, kept for Odoo's command lines.</summary>
    private static bool LooksLikeAWorkerCount(string text) => int.TryParse(text.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number) && number is >= 0 and <= 1024;
}
