using System.Runtime.Versioning;
using MiniOdooServer.Configuration.Loading;
using MiniOdooServer.Configuration.Options;

namespace MiniOdooServer.Tests.Configuration;

/// <summary>Issue 13, point 5: an unusable data_dir stops the start instead of a bus that retries every second.</summary>
public sealed class DataDirectoryProbeTests : IDisposable
{
    private readonly ConfigurationHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public void AMissingDirectoryIsCreatedAndLeftEmpty()
    {
        var dataDir = Path.Combine(_harness.Directory, "a", "b", "data");

        Assert.Null(DataDirectoryProbe.Problem(dataDir));

        Assert.True(Directory.Exists(dataDir));
        Assert.Empty(Directory.EnumerateFileSystemEntries(dataDir));
    }

    [Fact]
    public void AFileInTheWayIsAProblemNamingThePathAndTheReason()
    {
        var blocker = _harness.WriteFile("blocker", "");
        var dataDir = Path.Combine(blocker, "data");

        var problem = DataDirectoryProbe.Problem(dataDir);

        Assert.NotNull(problem);
        Assert.StartsWith($"data_dir = {dataDir} is not a writable directory (Not a directory)", problem);
        // The reason in the OS's words, never a runtime resource key.
        Assert.DoesNotMatch(@"\(\w+_\w+", problem);
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public void AReadOnlyDirectoryIsAProblem()
    {
        var dataDir = Directory.CreateDirectory(Path.Combine(_harness.Directory, "read-only")).FullName;
        File.SetUnixFileMode(dataDir, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        try
        {
            // root writes anywhere: the mode alone proves nothing then. /proc is read-only for everyone.
            var path = Environment.UserName == "root" ? "/proc/mini-odoo-data" : dataDir;

            var problem = DataDirectoryProbe.Problem(path);

            Assert.NotNull(problem);
            Assert.Contains(path, problem);
        }
        finally
        {
            File.SetUnixFileMode(dataDir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    [Fact]
    public void WithPostgresTheDataDirIsNotTouched()
    {
        var blocker = _harness.WriteFile("blocker", "");
        var options = new ServerOptions
        {
            DataDir = Path.Combine(blocker, "data"),
            Database = new DatabaseOptions { Host = "127.0.0.1", Name = "odoo" },
        };

        DataDirectoryProbe.ThrowIfUnusable(options);
    }

    [Fact]
    public void WithSqliteAnUnusableDataDirIsAConfigurationError()
    {
        var blocker = _harness.WriteFile("blocker", "");
        var options = new ServerOptions { DataDir = Path.Combine(blocker, "data") };

        var error = Assert.Throws<ConfigurationError>(() => DataDirectoryProbe.ThrowIfUnusable(options));

        Assert.Contains("is not a writable directory", Assert.Single(error.Problems));
    }
}
