using System.Runtime.InteropServices;
using MiniOdooServer.Configuration.Options;

namespace MiniOdooServer.Configuration.Loading;

/// <summary>
/// Checks, before anything binds, that the embedded stores can live in <c>data_dir</c>: creates the directory if it is
/// missing, then creates and deletes a probe file in it. Without this a server started on an unwritable data_dir
/// served <c>/web/health</c> as healthy while its bus retried every second. Only when SQLite is in use: with
/// PostgreSQL (db_host and db_name) nothing is written there.
/// </summary>
public static class DataDirectoryProbe
{
    /// <summary>Throws a <see cref="ConfigurationError"/> naming data_dir and the OS's reason when it cannot hold the stores.</summary>
    public static void ThrowIfUnusable(ServerOptions options)
    {
        if (!options.Database.IsConfigured && Problem(options.DataDir) is { } problem)
        {
            throw new ConfigurationError([problem]);
        }
    }

    /// <summary>Null when <paramref name="dataDir"/> is (or could be made) a writable directory, else the problem in one line.</summary>
    public static string? Problem(string dataDir)
    {
        try
        {
            Directory.CreateDirectory(dataDir);
            // The pid keeps two servers starting on the same data_dir from deleting each other's probe.
            var probe = Path.Combine(dataDir, $".mini-odoo-probe-{Environment.ProcessId}");
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return $"data_dir = {dataDir} is not a writable directory ({Reason(e, dataDir)}): expected a directory where " +
                   $"user {Environment.UserName} can create files (the embedded bus and cron stores live there)";
        }
    }

    /// <summary>The OS's words for the failure (strerror), not a runtime message: those are resource keys in a trimmed binary.</summary>
    private static string Reason(Exception e, string dataDir) => e switch
    {
        UnauthorizedAccessException => Marshal.GetPInvokeErrorMessage(EAccess),
        // The runtime raises this for ENOENT and ENOTDIR alike, without the errno: tell them apart by the path.
        DirectoryNotFoundException or FileNotFoundException =>
            Marshal.GetPInvokeErrorMessage(AncestorIsAFile(dataDir) ? ENotDirectory : ENoEntry),
        // For other failures the runtime puts the errno of the failed call in HResult.
        IOException { HResult: > 0 and < 4096 } io => Marshal.GetPInvokeErrorMessage(io.HResult),
        _ => e.Message,
    };

    private const int ENoEntry = 2;
    private const int EAccess = 13;
    private const int ENotDirectory = 20;

    private static bool AncestorIsAFile(string path)
    {
        for (var at = Path.GetDirectoryName(Path.GetFullPath(path)); !string.IsNullOrEmpty(at); at = Path.GetDirectoryName(at))
        {
            if (File.Exists(at))
            {
                return true;
            }
        }
        return false;
    }
}
