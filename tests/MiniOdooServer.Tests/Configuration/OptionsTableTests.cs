using MiniOdooServer.Configuration.Options;

namespace MiniOdooServer.Tests.Configuration;

public sealed class OptionsTableTests
{
    private const string Begin = "<!-- options:begin -->";
    private const string End = "<!-- options:end -->";

    /// <summary>The option reference the README links to.</summary>
    private const string Reference = "docs/configuration.md";

    /// <summary>The repository's root: the folder above the test binaries that holds MiniOdooServer.sln.</summary>
    internal static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "MiniOdooServer.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"No MiniOdooServer.sln above {AppContext.BaseDirectory}");
    }

    [Fact]
    public void TheOptionReferenceMatchesTheCatalog()
    {
        var text = File.ReadAllText(Path.Combine(RepositoryRoot(), Reference)).ReplaceLineEndings("\n");
        var begin = text.IndexOf(Begin, StringComparison.Ordinal);
        var end = text.IndexOf(End, StringComparison.Ordinal);
        Assert.True(begin >= 0 && end > begin, $"{Reference} needs {Begin} and {End} around the options table");

        var actual = text[(begin + Begin.Length)..end].Trim('\n');
        var expected = OptionsTable.RenderMarkdown().Trim('\n');

        Assert.True(expected == actual,
            $"{Reference}'s options table differs from the catalog; paste this between the markers:\n\n{expected}\n");
    }

    [Fact]
    public void TheTableHasOneRowPerVisibleOption()
    {
        var rows = OptionsTable.RenderMarkdown().Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(2).ToArray();

        Assert.Equal(OptionCatalog.All.Where(o => !o.Hidden).Select(o => $"| `{o.Key}` |"), rows.Select(r => r[..(r.IndexOf('`', 3) + 3)]));
        Assert.DoesNotContain(rows, r => r.Contains("longpolling_port", StringComparison.Ordinal));
    }

    [Fact]
    public void TheTableShowsDefaultsAsOdooWritesThem()
    {
        var rows = OptionsTable.RenderMarkdown().Split('\n');

        Assert.Contains("| `http_port` | `--http-port`, `-p`, `--xmlrpc-port` | `8069` | Listen port for the main HTTP service. |", rows);
        Assert.Contains(rows, r => r.StartsWith("| `data_dir` | `--data-dir`, `-D` | `~/.local/share/mini-odoo` |", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.StartsWith("| `admin_passwd` |  | `admin` |", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.StartsWith("| `http_interface` | `--http-interface`, `--xmlrpc-interface` | '' |", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.StartsWith("| `logfile` | `--logfile` | `None` |", StringComparison.Ordinal));
    }
}
