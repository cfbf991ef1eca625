using System.Globalization;
using System.Runtime.InteropServices;
using MiniOdooServer.ProcessModel.Native;

namespace MiniOdooServer.ProcessModel.Signals;

/// <summary>
/// <c>--pidfile</c>: claimed at start — refused while it names another live mini-odoo (as gunicorn refuses), replaced
/// when stale, written atomically so a reader never sees it half-written — and removed at exit only while it still
/// holds this process's pid.
/// </summary>
public sealed class PidFile : IDisposable
{
    private readonly string? _path;
    private readonly string _pid = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);

    private PidFile(string? path) => _path = path;

    /// <summary>Writes this process's pid to <paramref name="path"/> (nothing when null).</summary>
    /// <param name="predecessor">The master this one replaces in a binary upgrade: its pidfile is taken over.</param>
    /// <exception cref="PidFileException">The file names another mini-odoo that still runs, or cannot be written.</exception>
    public static PidFile Claim(string? path, int? predecessor = null)
    {
        if (path is null)
        {
            return new PidFile(null);
        }
        if (ReadPid(path) is { } other && other != Environment.ProcessId && other != predecessor && IsLiveMiniOdoo(other))
        {
            throw new PidFileException(
                $"the pidfile {path} names pid {other}, a mini-odoo still running: stop it first, or give this one another --pidfile");
        }
        var written = $"{path}.{Environment.ProcessId}.tmp";
        try
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(path));
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }
            File.WriteAllText(written, Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n");
            File.Move(written, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            if (File.Exists(written))
            {
                File.Delete(written);
            }
            throw new PidFileException($"cannot write the pidfile {path}: {e.Message}");
        }
        return new PidFile(path);
    }

    public void Dispose()
    {
        try
        {
            if (_path is not null && File.Exists(_path) && File.ReadAllText(_path).Trim() == _pid)
            {
                File.Delete(_path);
            }
        }
        catch (IOException)
        {
            // Best effort at exit: a pidfile we cannot remove is stale, not fatal.
        }
    }

    private static int? ReadPid(string path)
    {
        try
        {
            return int.TryParse(File.ReadAllText(path).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid > 0 ? pid : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Alive, and a mini-odoo: after a reboot the pid may belong to any other program.</summary>
    private static bool IsLiveMiniOdoo(int pid)
    {
        const int EPERM = 1;
        if (LibC.kill(pid, 0) != 0 && Marshal.GetLastPInvokeError() != EPERM)
        {
            return false;
        }
        try
        {
            // argv[0] is the binary (apphost or native), or argv[1] the assembly when started as `dotnet mini-odoo.dll`.
            var argv = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0');
            return Path.GetFileName(argv[0]) == "mini-odoo" || (argv.Length > 1 && Path.GetFileName(argv[1]) == "mini-odoo.dll");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
