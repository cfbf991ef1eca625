using System.Text.RegularExpressions;
using MiniOdooServer.FunctionalTests.Support;

namespace MiniOdooServer.FunctionalTests.Threaded;

/// <summary>
/// Issues 13 (points 5 and 7) and 14, against the real binary (and the native one in CI): configuration mistakes stop the
/// start with exit status 2 and one line each, no stack trace; every message shown is in words, never a runtime
/// resource key such as Error_KeyIsDuplicated.
/// </summary>
public sealed partial class ConfigurationMistakesTests
{
    public static TheoryData<string, string> Mistakes() => new()
    {
        { "--http-interface 999.1.1.1", "http_interface = 999.1.1.1 is not an IP address" },
        // A list without a module mini-odoo has would answer 404 to every request (issue 14, point 4).
        { "--http-interface 127.0.0.1 --load sale,stock", "server_wide_modules = sale,stock loads no module mini-odoo serves" },
        // A path no user can create, root included.
        { "--http-interface 127.0.0.1 --data-dir /dev/null/data", "data_dir = /dev/null/data is not a writable directory (Not a directory)" },
    };

    [Theory]
    [MemberData(nameof(Mistakes))]
    public async Task AMistakeExitsTwoWithOneLineAndNoStackTrace(string badArgs, string named)
    {
        var port = Ports.Free();
        await using var server = ServerProcess.Start(["-p", port.ToString(), .. badArgs.Split(' ')]);

        Assert.Equal(2, await server.WaitForExitAsync());
        AssertRefusedInWords(server, named);
        Assert.True(await Connections.IsRefusedAsync(port));
    }

    [Fact]
    public async Task AFileWithoutAnOptionsSectionExitsTwo()
    {
        await using var server = StartWithFile("[option]\nhttp_interface = 127.0.0.1\n");

        Assert.Equal(2, await server.WaitForExitAsync());
        AssertRefusedInWords(server, "odoo.conf: no [options] section");
    }

    [Fact]
    public async Task ADuplicateKeyIsNamedInWords()
    {
        await using var server = StartWithFile("[options]\nhttp_port = 8069\nhttp_port = 8070\n");

        Assert.Equal(2, await server.WaitForExitAsync());
        // The INI provider this replaced said "Error_KeyIsDuplicated" in the native binary.
        AssertRefusedInWords(server, "odoo.conf, line 3: http_port is set again in [options] (first on line 2)");
    }

    [Fact]
    public async Task KeysBeforeAnySectionAreRefusedNamingTheLine()
    {
        await using var server = StartWithFile("workers = 2\n[options]\nhttp_interface = 127.0.0.1\n");

        // Odoo stops on the same file (MissingSectionHeaderError).
        Assert.Equal(2, await server.WaitForExitAsync());
        AssertRefusedInWords(server, "odoo.conf, line 1: 'workers = 2' comes before any section");
    }

    [Fact]
    public async Task ASmallSoftLimitIsWarnedAtStart()
    {
        await using var server = StartWithFile("[options]\nhttp_interface = 127.0.0.1\nlimit_memory_soft = 16M\nworkers = 2\n", "--stop-after-init");

        Assert.Equal(0, await server.WaitForExitAsync());
        Assert.Contains("limit_memory_soft = 16777216 is below what a worker needs: about 64 MiB", server.Output);
    }

    /// <summary>mini-odoo started with <c>-c odoo.conf</c> holding <paramref name="text"/>, in a folder of its own.</summary>
    private static ServerProcess StartWithFile(string text, params string[] args)
    {
        var directory = Directory.CreateTempSubdirectory("mini-odoo-test-").FullName;
        var config = Path.Combine(directory, "odoo.conf");
        File.WriteAllText(config, text);
        return ServerProcess.Start(["-c", config, .. args], workDirectory: directory);
    }

    private static void AssertRefusedInWords(ServerProcess server, string named)
    {
        var output = server.Output;
        Assert.Contains(named, output);
        Assert.DoesNotContain("running on", output);
        Assert.DoesNotMatch(StackFrame(), output);
        Assert.DoesNotContain("Exception", output);
        Assert.DoesNotMatch(ResourceKey(), output);
        // "mini-odoo: invalid configuration:" and the problem: nothing else.
        Assert.Equal(2, output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [GeneratedRegex(@"^\s+at \S+\(", RegexOptions.Multiline)]
    private static partial Regex StackFrame();

    // Error_KeyIsDuplicated, IO_FileNotFound_FileName, Exception_EndOfInnerExceptionStack; net_http_… and dns_bad_…
    [GeneratedRegex(@"\b([A-Z][A-Za-z]*_[A-Z][A-Za-z_]*|net_[a-z_]+|dns_[a-z_]+)\b")]
    private static partial Regex ResourceKey();
}
