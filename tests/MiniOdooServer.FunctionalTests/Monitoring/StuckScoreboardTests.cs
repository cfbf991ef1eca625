using System.Net;
using MiniOdooServer.FunctionalTests.Support;

namespace MiniOdooServer.FunctionalTests.Monitoring;

/// <summary>
/// A master stopped in the middle of a scoreboard write (SIGSTOP, a debugger) leaves the header's sequence odd. The
/// test makes it so by writing the sequence itself through /proc/PID/fd (the same memory): the status routes answer
/// 503 naming the cause and <c>mini-odoo status</c> fails with a message, instead of spinning until it resumes.
/// </summary>
public sealed class StuckScoreboardTests
{
    [Fact]
    public async Task AStatusReadOfABoardStuckMidWriteAnswers503AndMiniOdooStatusFails()
    {
        var pidFile = Path.Combine(Directory.CreateTempSubdirectory("mini-odoo-stuck-").FullName, "server.pid");
        var (server, port) = await Servers.StartPreforkAsync(1, "--pidfile", pidFile);
        await using var _ = server;
        await server.WaitForLogAsync(@"Worker WorkerLongPolling \(\d+\) alive");
        using (var status = await StatusClient.StatusAsync(port))
        {
            Assert.Equal("prefork", status.RootElement.GetProperty("mode").GetString());
        }

        using var board = OpenScoreboard(server.Pid);
        SetSequenceParity(board, odd: true);
        try
        {
            foreach (var path in new[] { "/web/server/status", "/metrics" })
            {
                using var response = await Servers.Http.GetAsync($"http://127.0.0.1:{port}{path}");
                var body = await response.Content.ReadAsStringAsync();
                Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{path}: {(int)response.StatusCode} {body}");
                Assert.StartsWith("""{"error":"503 Service Unavailable: the server status cannot be read:""", body, StringComparison.Ordinal);
                Assert.Contains("stayed in the middle of a write", body, StringComparison.Ordinal);
                Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
            }
            var (exitCode, output) = await ServerStatusTests.RunStatusAsync("--pidfile", pidFile);
            Assert.True(exitCode == 1, output);
            Assert.Contains("cannot read the scoreboard", output, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        }
        finally
        {
            SetSequenceParity(board, odd: false);
        }

        using (var status = await StatusClient.StatusAsync(port))
        {
            Assert.Equal("prefork", status.RootElement.GetProperty("mode").GetString());
        }
        Assert.False(server.HasExited);
    }

    /// <summary>The master's scoreboard memfd, opened through its descriptor in /proc (the same memory, not a copy).</summary>
    private static FileStream OpenScoreboard(int pid)
    {
        foreach (var (descriptor, target) in ProcessDescriptors.Of(pid))
        {
            if (target.StartsWith("/memfd:mini-odoo-scoreboard", StringComparison.Ordinal))
            {
                return new FileStream(descriptor, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite, bufferSize: 0);
            }
        }
        throw new InvalidOperationException($"process {pid} holds no scoreboard");
    }

    /// <summary>The header's sequence is its first 4 bytes: odd while the master writes.</summary>
    private static void SetSequenceParity(FileStream board, bool odd)
    {
        var sequence = new byte[4];
        board.Position = 0;
        board.ReadExactly(sequence);
        var value = BitConverter.ToInt32(sequence);
        if ((value & 1) == 1 == odd)
        {
            return;
        }
        board.Position = 0;
        board.Write(BitConverter.GetBytes(value + 1));
        board.Flush();
    }
}
