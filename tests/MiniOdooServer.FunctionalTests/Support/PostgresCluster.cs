using System.Diagnostics;

namespace MiniOdooServer.FunctionalTests.Support;

/// <summary>
/// A private PostgreSQL cluster for the tests that need one: initdb in a temporary folder, started with pg_ctl on a
/// free loopback port (unix socket in the same folder), trust authentication, stopped and deleted at the end. It
/// needs Debian's PostgreSQL server binaries (<c>.ci/run</c> installs the <c>postgresql</c> package); without them
/// the tests fail with that message, never skip. As root, the server runs as the <c>postgres</c> user (it refuses root).
/// </summary>
public sealed class PostgresCluster : IAsyncLifetime
{
    private string? _directory;

    public int Port { get; } = Ports.Free();

    public string User => "postgres";

    public string Database => "postgres";

    public async Task InitializeAsync()
    {
        var bin = BinDirectory();
        _directory = Directory.CreateTempSubdirectory("mini-odoo-pg-").FullName;
        var data = Path.Combine(_directory, "data");
        if (Environment.UserName == "root")
        {
            await RunAsync("chown", "postgres", _directory);
        }
        await RunAsPostgresAsync(Path.Combine(bin, "initdb"), "-D", data, "-U", User, "-A", "trust", "--no-sync", "-E", "UTF8");
        await RunAsPostgresAsync(Path.Combine(bin, "pg_ctl"), "-D", data, "-l", Path.Combine(_directory, "server.log"), "-w", "-t", "60",
            "-o", $"-p {Port} -k {_directory} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200", "start");
    }

    public async Task DisposeAsync()
    {
        if (_directory is null)
        {
            return;
        }
        try
        {
            await RunAsPostgresAsync(Path.Combine(BinDirectory(), "pg_ctl"), "-D", Path.Combine(_directory, "data"), "-m", "immediate", "-w", "stop");
        }
        finally
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    /// <summary>The mini-odoo flags that point its bus at this cluster.</summary>
    public string[] MiniOdooArgs() => ["--db_host", "127.0.0.1", "--db_port", Port.ToString(), "--db_user", User, "--database", Database];

    /// <summary>MINI_ODOO_PG_BIN, else the newest /usr/lib/postgresql/N/bin with initdb.</summary>
    private static string BinDirectory()
    {
        if (Environment.GetEnvironmentVariable("MINI_ODOO_PG_BIN") is { Length: > 0 } explicitPath)
        {
            return explicitPath;
        }
        var found = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
                .FirstOrDefault()
            : null;
        return found ?? throw new InvalidOperationException(
            "PostgreSQL server binaries not found (/usr/lib/postgresql/*/bin/initdb): install Debian's postgresql package " +
            "(.ci/run does) or set MINI_ODOO_PG_BIN");
    }

    private static Task RunAsPostgresAsync(string program, params string[] args) =>
        Environment.UserName == "root" ? RunAsync("runuser", ["-u", "postgres", "--", program, .. args]) : RunAsync(program, args);

    private static async Task RunAsync(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} failed ({process.ExitCode}): {await output}{await error}");
        }
    }
}
