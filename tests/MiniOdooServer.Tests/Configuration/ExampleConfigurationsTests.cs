using MiniOdooServer.Configuration.Loading;

namespace MiniOdooServer.Tests.Configuration;

public sealed class ExampleConfigurationsTests : IDisposable
{
    private readonly ConfigurationHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    /// <summary>server.conf at the root and every file in config/: what the README tells people to start from.</summary>
    private static IEnumerable<string> ExamplePaths()
    {
        var root = OptionsTableTests.RepositoryRoot();
        yield return "server.conf";
        foreach (var path in Directory.EnumerateFiles(Path.Combine(root, "config"), "*.conf").Order(StringComparer.Ordinal))
        {
            yield return Path.GetRelativePath(root, path);
        }
    }

    public static TheoryData<string> Examples() => new(ExamplePaths());

    [Theory]
    [MemberData(nameof(Examples))]
    public void AnExampleConfigurationLoads(string relativePath)
    {
        var path = Path.Combine(OptionsTableTests.RepositoryRoot(), relativePath);

        var exception = Record.Exception(() => _harness.Load("-c", path));

        Assert.True(exception is null, $"{relativePath}: {exception?.Message}");
    }

    [Fact]
    public void TheConfigFolderHoldsTheThreeExamples()
    {
        var names = ExamplePaths().Select(Path.GetFileName).ToArray();

        Assert.Contains("threaded.conf", names);
        Assert.Contains("prefork.conf", names);
        Assert.Contains("odoo-deployment-guide.conf", names);
    }

    [Fact]
    public void TheDeploymentGuideExampleHasTheGuidesValues()
    {
        var loaded = _harness.Load("-c", Path.Combine(OptionsTableTests.RepositoryRoot(), "config", "odoo-deployment-guide.conf"));

        var options = loaded.Options;
        Assert.Equal(8, options.Workers);
        Assert.Equal(1, options.MaxCronThreads);
        Assert.Equal(1677721600, options.Limits.MemoryHard);
        Assert.Equal(629145600, options.Limits.MemorySoft);
        Assert.Equal(8192, options.Limits.Request);
        Assert.Equal(600, options.Limits.TimeCpu);
        Assert.Equal(1200, options.Limits.TimeReal);
        Assert.True(options.ProxyMode);
        // Odoo's keys that mini-odoo does not implement are named once, not refused.
        var warning = Assert.Single(loaded.Warnings);
        Assert.Contains("addons_path", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void TheThreadedAndPreforkExamplesSelectTheirMode()
    {
        var root = OptionsTableTests.RepositoryRoot();

        Assert.Equal(0, _harness.Load("-c", Path.Combine(root, "config", "threaded.conf")).Options.Workers);
        var prefork = _harness.Load("-c", Path.Combine(root, "config", "prefork.conf")).Options;
        Assert.Equal(4, prefork.Workers);
        Assert.Equal(1, prefork.MaxCronThreads);
        Assert.NotEqual(prefork.HttpPort, prefork.GeventPort);
    }
}
