using System.Diagnostics;
using MiniOdooServer.FunctionalTests.Support;

namespace MiniOdooServer.FunctionalTests.Operations;

/// <summary>
/// The binary copied on its own, as an operator does: the native binary carries SQLite inside it; a JIT build without
/// its libe_sqlite3.so refuses to start naming the file, instead of serving a bus that fails at its first message.
/// </summary>
public sealed class SelfContainedBinaryTests
{
    [Fact]
    public async Task TheBinaryCopiedWithoutLibeSqliteServesTheBusWhenNativeAndNamesTheFileOtherwise()
    {
        var source = Path.GetDirectoryName(Binary.Path)!;
        var native = !File.Exists(Path.Combine(source, "mini-odoo.dll"));
        var copy = Directory.CreateTempSubdirectory("mini-odoo-copy-").FullName;
        if (native)
        {
            File.Copy(Binary.Path, Path.Combine(copy, "mini-odoo"));
        }
        else
        {
            CopyWithout(source, copy, "libe_sqlite3.so");
        }
        var port = Ports.Free();

        await using var server = ServerProcess.Start(
            ["--http-interface", "127.0.0.1", "-p", port.ToString(), "--max-cron-threads", "0"],
            launcher: ["env", $"MINI_ODOO_BINARY_UNDER_TEST={copy}", "sh", "-c", "shift; exec \"$MINI_ODOO_BINARY_UNDER_TEST/mini-odoo\" \"$@\"", "sh"]);

        if (native)
        {
            await server.WaitForLogAsync(@"Bus\.loop listening on SQLite");
            var id = await BusClient.SendAsync(port, "self-contained", "chat", "\"hello\"");
            using var answer = await BusClient.PollAsync(port, """["self-contained"]""", id - 1);
            Assert.Equal((id, "self-contained", "chat", "\"hello\""), Assert.Single(BusClient.Notifications(answer)));
        }
        else
        {
            Assert.Equal(1, await server.WaitForExitAsync());
            Assert.Contains("mini-odoo: SQLite's native library libe_sqlite3.so cannot be loaded", server.Output);
            Assert.DoesNotContain("   at ", server.Output);
            Assert.True(await Connections.IsRefusedAsync(port));
        }
    }

    private static void CopyWithout(string source, string destination, string left)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            if (Path.GetFileName(file) == left)
            {
                continue;
            }
            var target = Path.Combine(destination, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
