using System.Text;
using MiniOdooServer.Configuration.Ini;
using MiniOdooServer.Configuration.Options;

namespace MiniOdooServer.Configuration.Loading;

/// <summary>
/// <c>-s/--save</c>: writes the effective options into the configuration file as Odoo's save does — one
/// <c>[options]</c> section, keys sorted, unset values as Odoo spells them (<c>False</c>; <c>None</c> for logfile and
/// pidfile) — and loses nothing Odoo would keep: every key read from <c>[options]</c> that mini-odoo does not use keeps
/// its value. Unlike Odoo, the lines outside <c>[options]</c> (other sections, comments above it) are kept verbatim.
/// Plain UTF-8 without a byte-order mark (Odoo cannot read one); a new file gets mode 0600 (it holds passwords).
/// </summary>
public static class ConfigFileWriter
{
    public static void Save(ServerOptions options, IniConfigFile? file, string path)
    {
        var text = Render(options, file?.Document);
        try
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(path));
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }
            var fileOptions = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
            if (!File.Exists(path) && !OperatingSystem.IsWindows())
            {
                fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }
            using var writer = new StreamWriter(path, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), fileOptions);
            writer.Write(text);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationError([$"couldn't write the config file {path}: {e.Message}"]);
        }
    }

    /// <summary>The file's new text: <paramref name="document"/>'s lines with its <c>[options]</c> section rewritten (or appended).</summary>
    internal static string Render(ServerOptions options, IniDocument? document)
    {
        var text = new StringBuilder();
        var section = document?.Find(IniConfigFile.OptionsSection);
        var lines = document?.Lines ?? [];
        var before = section is null ? lines.Count : section.FirstLine - 1;
        foreach (var line in lines.Take(before))
        {
            text.Append(line).Append('\n');
        }
        if (section is null && before > 0 && lines[before - 1].Trim().Length > 0)
        {
            text.Append('\n');
        }
        text.Append('[').Append(IniConfigFile.OptionsSection).Append("]\n");
        foreach (var (key, value) in OptionsToWrite(options, document))
        {
            // As Python's writer does: " = " around the separator, continuation lines indented with a tab.
            text.Append(key).Append(" = ").Append(value.Replace("\n", "\n\t", StringComparison.Ordinal)).Append('\n');
        }
        text.Append('\n');
        foreach (var line in lines.Skip(section?.LastLine ?? lines.Count))
        {
            text.Append(line).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>
    /// Every option mini-odoo knows, with its effective value, and every other key of the file's <c>[options]</c> as it
    /// was — a deprecated key such as <c>longpolling_port</c> included, an alias Odoo renames on load
    /// (<c>xmlrpc_port</c>) not — sorted as Odoo sorts them.
    /// </summary>
    private static SortedDictionary<string, string> OptionsToWrite(ServerOptions options, IniDocument? document)
    {
        var values = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in document?.Items(IniConfigFile.OptionsSection) ?? [])
        {
            if (OptionCatalog.Find(entry.Key) is not { } known || (known.Hidden && known.Key == entry.Key))
            {
                values[entry.Key] = entry.Value;
            }
        }
        foreach (var option in OptionCatalog.All.Where(o => !o.Hidden))
        {
            values[option.Key] = option.FormatValue(options);
        }
        return values;
    }
}
