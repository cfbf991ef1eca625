using System.Security.Cryptography;
using System.Text;
using MiniOdooServer.Configuration.Options;

namespace MiniOdooServer.App.Security;

/// <summary>
/// The key of the private channels' tokens: <c>bus_channel_secret</c> when set, else the content of
/// <c>data_dir/bus-channel-secret</c>, which the first process to need it writes (32 random bytes as hex, mode 0600).
/// Every process of one server shares data_dir, so all of them use the same key; several machines sharing a
/// PostgreSQL bus must set the option. The key is the secret's UTF-8 bytes, so a publisher holding it can compute
/// tokens itself (<see cref="ChannelTokens"/>).
/// </summary>
internal static class ChannelSecret
{
    public const string FileName = "bus-channel-secret";

    public static byte[] Load(ServerOptions options)
    {
        if (options.Bus.ChannelSecret is { Length: > 0 } configured)
        {
            return Encoding.UTF8.GetBytes(configured);
        }
        var path = Path.Combine(options.DataDir, FileName);
        if (!File.Exists(path))
        {
            Create(path);
        }
        var text = File.ReadAllText(path).Trim();
        if (text.Length == 0)
        {
            throw new InvalidOperationException($"{path} is empty: delete it to have a new secret made, or set bus_channel_secret");
        }
        return Encoding.UTF8.GetBytes(text);
    }

    /// <summary>
    /// Written whole under a temporary name, then linked in place without overwriting (File.Move without overwrite):
    /// of processes racing to create it, one wins and the others read its secret, never half of one.
    /// </summary>
    private static void Create(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        var fileOptions = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using (var stream = new FileStream(temporary, fileOptions))
        {
            stream.Write(Encoding.ASCII.GetBytes(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)) + "\n"));
            stream.Flush(flushToDisk: true);
        }
        try
        {
            File.Move(temporary, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary); // another process made it first
        }
    }
}
