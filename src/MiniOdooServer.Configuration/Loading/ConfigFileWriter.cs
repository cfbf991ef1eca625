using System.Text;
using MiniOdooServer.Configuration.Options;

namespace MiniOdooServer.Configuration.Loading;

/// <summary>
/// <c>-s/--save</c>: writes the effective options to the configuration file as Odoo does: one <c>[options]</c>
/// section, keys sorted, unset values as <c>None</c>, a new file created with mode 0600 (it holds passwords).
/// Other sections of an existing file (<c>[cron:…]</c>) are kept as they were.
/// </summary>
public static class ConfigFileWriter
{
    public static void Save(ServerOptions options, string path)
    {
        var text = new StringBuilder();
        text.Append("[options]\n");
        foreach (var option in OptionCatalog.All.Where(o => !o.Hidden).OrderBy(o => o.Key, StringComparer.Ordinal))
        {
            text.Append(option.Key).Append(" = ").Append(option.FormatValue(options)).Append('\n');
        }
        foreach (var section in OtherSections(path))
        {
            text.Append('\n').Append(section);
        }

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
        using var writer = new StreamWriter(path, Encoding.UTF8, fileOptions);
        writer.Write(text.ToString());
    }

    /// <summary>The text of every section but <c>[options]</c>, verbatim, so that saving loses nothing.</summary>
    private static IEnumerable<string> OtherSections(string path)
    {
        if (!File.Exists(path))
        {
            yield break;
        }
        StringBuilder? current = null;
        foreach (var line in File.ReadLines(path))
        {
            var trimmed = line.Trim();
            if (trimmed.StartsWith('[') && trimmed.EndsWith(']'))
            {
                if (current is not null)
                {
                    yield return current.ToString();
                }
                current = trimmed.Equals("[options]", StringComparison.OrdinalIgnoreCase) ? null : new StringBuilder();
            }
            current?.Append(line).Append('\n');
        }
        if (current is not null)
        {
            yield return current.ToString();
        }
    }
}
