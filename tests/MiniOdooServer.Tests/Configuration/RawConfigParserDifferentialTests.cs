using System.Text.Json;
using MiniOdooServer.Configuration.Ini;
using MiniOdooServer.Configuration.Loading;
using MiniOdooServer.Configuration.Options;

namespace MiniOdooServer.Tests.Configuration;

/// <summary>
/// Every file of the corpus (Fixtures/odoo-conf: the shapes of real Odoo configurations and of Python's parser's corner
/// cases) is read by Python's <c>RawConfigParser</c> and by mini-odoo, and the two must agree key by key; then each file
/// mini-odoo accepts is saved with <c>-s</c> and read back by Python, which must find every key and value again.
/// </summary>
public sealed class RawConfigParserDifferentialTests : IDisposable
{
    private static readonly string Corpus = ConfigurationHarness.Fixture("odoo-conf");

    /// <summary>
    /// Files Python reads but mini-odoo's loader refuses: a section name that is not exactly [options] (Odoo silently
    /// runs on every default), a value with an inline comment and a port continued by a deeper-indented line (Odoo
    /// stops too: int('4 ; four workers'), int('9000\ndb_host = continued')).
    /// </summary>
    private static readonly string[] RefusedByTheLoader =
        ["24-indented-options.conf", "34-section-name-case.conf", "38-inline-semicolon.conf"];

    private static readonly Lazy<IReadOnlyDictionary<string, JsonElement>> Python =
        new(() => PythonOracle.Read(Directory.GetFiles(Corpus, "*.conf")));

    private readonly ConfigurationHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    public static TheoryData<string> Files() => new(Directory.GetFiles(Corpus, "*.conf").Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    [Fact]
    public void TheCorpusHoldsAtLeastThirtyFilesAndMostAreAccepted()
    {
        var results = Python.Value.Values.Select(r => r.GetProperty("odoo")).ToArray();

        Assert.True(results.Length >= 30, $"{results.Length} files");
        Assert.True(results.Count(r => r.GetProperty("ok").GetBoolean()) >= 30);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void MiniOdooReadsEachFileAsPythonDoes(string file)
    {
        var path = Path.Combine(Corpus, file);
        var python = Python.Value[path];
        var odoo = python.GetProperty("odoo");

        if (odoo.GetProperty("ok").GetBoolean() || python.TryGetProperty("without_bom", out _))
        {
            // A byte-order mark: Odoo stops (MissingSectionHeaderError); mini-odoo reads what is after it, and warns.
            var expected = python.TryGetProperty("without_bom", out var withoutBom) ? withoutBom : odoo;
            var read = IniConfigFile.Read(path);
            Assert.Equal(python.TryGetProperty("without_bom", out _), read.HasByteOrderMark);
            Assert.Equal(PythonOracle.SectionNames(expected), read.Document.Sections.Select(s => s.Name));
            Assert.Equal(AsDictionary(expected.GetProperty("defaults")), Dictionary(read.Document.Defaults.Entries));
            foreach (var section in read.Document.Sections)
            {
                Assert.Equal(PythonOracle.Section(expected, section.Name), Dictionary(read.Document.Items(section.Name)));
            }
            return;
        }

        var error = Assert.Throws<ConfigurationError>(() => IniConfigFile.Read(path));
        Assert.All(error.Problems, problem => Assert.DoesNotContain("Error_", problem, StringComparison.Ordinal));
        var pythonLines = odoo.GetProperty("lines").EnumerateArray().Select(l => l.GetInt32()).ToArray();
        if (pythonLines.Length == 0)
        {
            Assert.Contains("not UTF-8", Assert.Single(error.Problems), StringComparison.Ordinal);
            return;
        }
        // Python stops at its first error; mini-odoo names every bad line, the first one included.
        Assert.Equal(pythonLines.Min(), error.Problems.Select(LineOf).Min());
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void SavingKeepsEveryKeyAndValueThatPythonRead(string file)
    {
        var original = Path.Combine(Corpus, file);
        var python = Python.Value[original];
        var before = python.TryGetProperty("without_bom", out var withoutBom) ? withoutBom : python.GetProperty("odoo");
        if (!before.GetProperty("ok").GetBoolean())
        {
            Assert.Throws<ConfigurationError>(() => _harness.Load("-c", original));
            return;
        }
        if (RefusedByTheLoader.Contains(file))
        {
            Assert.Throws<ConfigurationError>(() => _harness.Load("-c", original));
            return;
        }
        var path = Path.Combine(_harness.Directory, file);
        File.Copy(original, path);
        var loaded = _harness.Load("-c", path, "--save");

        ConfigFileWriter.Save(loaded.Options, loaded.File, path);

        Assert.False(File.ReadAllBytes(path).AsSpan().StartsWith("\uFEFF"u8), "a byte-order mark was written");
        var after = PythonOracle.Read(path).GetProperty("odoo");
        Assert.True(after.GetProperty("ok").GetBoolean(), $"Python cannot read the saved file: {after}");
        var savedOptions = PythonOracle.Section(after, "options");
        var originalOptions = PythonOracle.SectionNames(before).Contains("options") ? PythonOracle.Section(before, "options") : [];
        foreach (var (key, value) in originalOptions)
        {
            var known = OptionCatalog.Find(key);
            if (known is null)
            {
                Assert.True(savedOptions.TryGetValue(key, out var saved), $"{key} was lost");
                Assert.Equal(value, saved);
            }
            else if (!known.Hidden || known.Key != key)
            {
                // An option mini-odoo knows is written with its effective value, under Odoo's own key (xmlrpc_port → http_port).
                Assert.True(savedOptions.ContainsKey(known.Key), $"{known.Key} was not written");
            }
            else
            {
                Assert.Equal(value, savedOptions[key]);
            }
        }
        foreach (var name in PythonOracle.SectionNames(before).Where(n => n != "options"))
        {
            Assert.Equal(PythonOracle.Section(before, name), PythonOracle.Section(after, name));
        }
        // And mini-odoo reads the saved file with the same meaning.
        Assert.Equal(ConfigurationHarness.Snapshot(loaded.Options), ConfigurationHarness.Snapshot(_harness.Load("-c", path).Options));
    }

    private static int LineOf(string problem)
    {
        var at = problem.IndexOf(", line ", StringComparison.Ordinal) + ", line ".Length;
        return int.Parse(problem.AsSpan(at, problem.IndexOf(':', at) - at), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static Dictionary<string, string> Dictionary(IEnumerable<IniEntry> entries) =>
        entries.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);

    private static Dictionary<string, string> AsDictionary(JsonElement section) =>
        section.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal);
}
