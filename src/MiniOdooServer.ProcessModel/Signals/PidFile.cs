namespace MiniOdooServer.ProcessModel.Signals;

/// <summary><c>--pidfile</c>: written at start, removed at exit, but only while it still holds this process's pid.</summary>
public sealed class PidFile : IDisposable
{
    private readonly string? _path;
    private readonly string _pid = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public PidFile(string? path)
    {
        _path = path;
        if (_path is null)
        {
            return;
        }
        var directory = Path.GetDirectoryName(Path.GetFullPath(_path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
        File.WriteAllText(_path, _pid);
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
}
