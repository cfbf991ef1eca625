using MiniOdooServer.Configuration.Loading;
using MiniOdooServer.Configuration.Options;

namespace MiniOdooServer.Tests.Configuration;

/// <summary>
/// Loads configurations the way the executable does, but with no environment variables and an empty temporary home,
/// so that the machine's own ~/.odoorc or ODOO_RC can never change a test's outcome.
/// </summary>
internal sealed class ConfigurationHarness : IDisposable
{
    public ConfigurationHarness()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("mini-odoo-tests-").FullName;
        Home = System.IO.Directory.CreateDirectory(Path.Combine(Directory, "home")).FullName;
    }

    /// <summary>A scratch folder removed when the test ends.</summary>
    public string Directory { get; }

    /// <summary>The home folder the loader sees (empty unless a test writes a ~/.odoorc into it).</summary>
    public string Home { get; }

    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    public static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Configuration", "Fixtures", name);

    public LoadedConfiguration Load(params string[] args) =>
        ServerOptionsLoader.Load(new CommandLineSyntax().Parse(args), name => Environment.GetValueOrDefault(name), Home);

    /// <summary>Loads and expects a refusal; returns its problems.</summary>
    public IReadOnlyList<string> Problems(params string[] args) => Assert.Throws<ConfigurationError>(() => Load(args)).Problems;

    /// <summary>Writes a file in the scratch folder and returns its path.</summary>
    public string WriteFile(string name, string text)
    {
        var path = Path.Combine(Directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>
    /// Every option as the catalog writes it: two options are equal for mini-odoo when every key reads the same.
    /// (The record's own equality compares lists by reference.)
    /// </summary>
    public static IReadOnlyDictionary<string, string> Snapshot(ServerOptions options) =>
        OptionCatalog.All.Where(o => !o.Hidden).ToDictionary(o => o.Key, o => o.FormatValue(options), StringComparer.Ordinal);

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; never fail a test on cleanup.
        }
    }
}
