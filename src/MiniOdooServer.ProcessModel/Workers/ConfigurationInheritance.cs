using System.Globalization;
using MiniOdooServer.Configuration.Loading;
using MiniOdooServer.ProcessModel.Native;

namespace MiniOdooServer.ProcessModel.Workers;

/// <summary>
/// How a worker gets its generation's configuration from its master rather than from the file, which an operator may
/// have edited since: the file's bytes in a sealed memory file it inherits, and the master's own socket settings.
/// </summary>
public static class ConfigurationInheritance
{
    /// <summary>The descriptor of the file's bytes, or <see cref="NoFile"/> when the master read no file.</summary>
    public const string FileVariable = "MINI_ODOO_CONFIG_FILE";

    /// <summary>Lines <c>key=value</c>, applied over the file and the command line.</summary>
    public const string SettingsVariable = "MINI_ODOO_MASTER_SETTINGS";

    public const string NoFile = "none";

    /// <summary>The memfd's name, as <c>/proc/PID/fd</c> shows it (<c>memfd:mini-odoo-config</c>).</summary>
    public const string MemfdName = "mini-odoo-config";

    public static IEnumerable<KeyValuePair<string, string>> ToVariables(int? fileFd, IEnumerable<SettingValue> settings)
    {
        yield return new(FileVariable, fileFd?.ToString(CultureInfo.InvariantCulture) ?? NoFile);
        yield return new(SettingsVariable, string.Join('\n', settings.Select(s => $"{s.Key}={s.Text}")));
    }

    /// <summary>
    /// What the master handed this process; null when it was not started by a master. A descriptor that is not the
    /// sealed file a master creates is a <see cref="ConfigurationError"/>: the worker must not guess.
    /// </summary>
    public static InheritedConfiguration? Read(Func<string, string?> environment)
    {
        if (environment(FileVariable) is not { } file)
        {
            return null;
        }
        byte[]? contents = null;
        if (file != NoFile)
        {
            try
            {
                contents = SealedMemoryFile.ReadAll(int.Parse(file, NumberStyles.None, CultureInfo.InvariantCulture));
            }
            catch (Exception e) when (e is IOException or FormatException or OverflowException)
            {
                throw new ConfigurationError([$"{FileVariable}={file}: not the configuration a master hands its workers ({e.Message})"]);
            }
        }
        var settings = (environment(SettingsVariable) ?? "")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('=', 2))
            .Select(pair => new SettingValue(pair[0], pair.Length > 1 ? pair[1] : "", InheritedConfiguration.MasterOrigin))
            .ToArray();
        return new InheritedConfiguration(contents, settings);
    }
}
