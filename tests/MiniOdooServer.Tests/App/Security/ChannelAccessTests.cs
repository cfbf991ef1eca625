using System.Security.Cryptography;
using System.Text;
using MiniOdooServer.App.Security;
using MiniOdooServer.Configuration.Options;

namespace MiniOdooServer.Tests.App.Security;

public sealed class ChannelAccessTests
{
    private static readonly byte[] Key = Encoding.UTF8.GetBytes("test-secret");

    private static ChannelAccess Access(params string[] patterns) => new(patterns, () => Key);

    [Fact]
    public void ATokenIsTheDocumentedHmacInBase64Url()
    {
        var token = new ChannelTokens(Key).Issue("private.payroll");

        var expected = Convert.ToBase64String(HMACSHA256.HashData(Key, "private.payroll"u8))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');
        Assert.Equal(expected, token);
        Assert.Equal(43, token.Length);
    }

    [Fact]
    public void ATokenOpensItsChannelOnly()
    {
        var tokens = new ChannelTokens(Key);
        var token = tokens.Issue("private.payroll");

        Assert.True(tokens.IsValid("private.payroll", token));
        Assert.False(tokens.IsValid("private.board", token));
        Assert.False(new ChannelTokens("other"u8.ToArray()).IsValid("private.payroll", token));
        Assert.False(tokens.IsValid("private.payroll", token[..^1] + (token[^1] == 'A' ? 'B' : 'A')));
        Assert.False(tokens.IsValid("private.payroll", ""));
        Assert.False(tokens.IsValid("private.payroll", null));
    }

    [Fact]
    public void NamesAndPrefixesMakeChannelsPrivate()
    {
        var access = Access("private.*", "hr");

        Assert.True(access.IsPrivate("private.payroll"));
        Assert.True(access.IsPrivate("private."));
        Assert.True(access.IsPrivate("hr"));
        Assert.False(access.IsPrivate("hr.public"));
        Assert.False(access.IsPrivate("chat.public"));
    }

    [Fact]
    public void APrivateChannelWithoutItsTokenIsLeftOut()
    {
        var access = Access("private.*");
        var token = access.IssueToken("private.payroll");
        string[] asked = ["chat.public", "private.payroll", "private.board", "broadcast"];

        Assert.Equal(["chat.public", "broadcast"], access.Readable(asked, null));
        Assert.Equal(["chat.public", "private.payroll", "broadcast"],
            access.Readable(asked, new Dictionary<string, string> { ["private.payroll"] = token, ["private.board"] = token }));
    }

    [Fact]
    public void WithoutPrivateChannelsNothingIsFilteredAndNoSecretIsLoaded()
    {
        var access = new ChannelAccess([], () => throw new InvalidOperationException("no secret needed"));
        string[] asked = ["private.payroll", "broadcast"];

        Assert.Same(asked, access.Readable(asked, null));
    }

    [Fact]
    public void TheSecretFileIsMadeOnceWithMode0600AndSharedByEveryLoad()
    {
        var dataDir = Directory.CreateTempSubdirectory("mini-odoo-secret-").FullName;
        try
        {
            var options = new ServerOptions { DataDir = dataDir };
            var first = ChannelSecret.Load(options);
            var second = ChannelSecret.Load(options);

            Assert.Equal(first, second);
            Assert.Equal(64, first.Length); // 32 random bytes as hex
            var path = Path.Combine(dataDir, ChannelSecret.FileName);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            }
            Assert.Single(Directory.GetFiles(dataDir));
            Assert.Equal("configured"u8.ToArray(),
                ChannelSecret.Load(options with { Bus = options.Bus with { ChannelSecret = "configured" } }));
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }
}
