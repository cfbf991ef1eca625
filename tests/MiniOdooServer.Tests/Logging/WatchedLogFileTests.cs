using System.Text;
using MiniOdooServer.Logging;

namespace MiniOdooServer.Tests.Logging;

public sealed class WatchedLogFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mini-odoo-log-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void AfterTheFileIsMovedAwayTheNextLineGoesToANewFileAtThePath()
    {
        var path = Path.Combine(_folder, "mo.log");
        using var log = new WatchedLogFile(path);
        Write(log, "one\n");

        File.Move(path, path + ".1");
        Write(log, "two\n");
        Write(log, "three\n");

        Assert.Equal("one\n", File.ReadAllText(path + ".1"));
        Assert.Equal("two\nthree\n", File.ReadAllText(path));
    }

    [Fact]
    public void AfterTheFileIsRemovedItIsCreatedAgain()
    {
        var path = Path.Combine(_folder, "mo.log");
        using var log = new WatchedLogFile(path);
        Write(log, "one\n");

        File.Delete(path);
        Write(log, "two\n");

        Assert.Equal("two\n", File.ReadAllText(path));
    }

    [Fact]
    public void TwoWritersAppendToTheSameFileWithoutOverwritingEachOther()
    {
        var path = Path.Combine(_folder, "mo.log");
        using var master = new WatchedLogFile(path);
        using var worker = new WatchedLogFile(path);

        Write(master, "master\n");
        Write(worker, "worker\n");
        Write(master, "master again\n");

        Assert.Equal("master\nworker\nmaster again\n", File.ReadAllText(path));
    }

    [Fact]
    public void WhenThePathCannotBeOpenedAgainTheLineStillGoesToTheOpenFile()
    {
        var folder = Path.Combine(_folder, "logs");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "mo.log");
        using var log = new WatchedLogFile(path);
        Write(log, "one\n");

        Directory.Move(folder, folder + ".old");
        Write(log, "two\n");

        Assert.Equal("one\ntwo\n", File.ReadAllText(Path.Combine(folder + ".old", "mo.log")));
    }

    private static void Write(Stream stream, string text) => stream.Write(Encoding.UTF8.GetBytes(text));
}
