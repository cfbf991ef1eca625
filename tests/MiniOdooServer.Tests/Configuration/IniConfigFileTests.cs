using MiniOdooServer.Configuration.Loading;

namespace MiniOdooServer.Tests.Configuration;

public sealed class IniConfigFileTests
{
    private static IniConfigFile Parse(string text) => IniConfigFile.Parse("/etc/odoo/odoo.conf", text.Split('\n'));

    [Fact]
    public void OptionsAreReadInFileOrderWithTheirLine()
    {
        var file = Parse("; comment\n[options]\nxmlrpc_port = 8070\nhttp_port = 8069\n");

        Assert.Equal(
            [new SettingValue("xmlrpc_port", "8070", "odoo.conf:3"), new SettingValue("http_port", "8069", "odoo.conf:4")],
            file.Options());
        Assert.Empty(file.Problems);
    }

    [Fact]
    public void KeysAreLowerCasedAndValuesKeptAsWritten()
    {
        // RawConfigParser lower-cases keys, does not unquote values and allows ':' as the delimiter.
        var file = Parse("[options]\nADMIN_PASSWD = \"quoted\"\ndbfilter: ^%d$\nhttp_interface =\n");

        Assert.Equal(["admin_passwd", "dbfilter", "http_interface"], file.Options().Select(s => s.Key));
        Assert.Equal(["\"quoted\"", "^%d$", ""], file.Options().Select(s => s.Text));
    }

    [Fact]
    public void AnIndentedLineContinuesTheValue()
    {
        var file = Parse("[options]\naddons_path = /a,\n    /b\nworkers = 2\n");

        Assert.Equal("/a,\n/b", file.Root["options:addons_path"]);
        Assert.Equal("2", file.Root["options:workers"]);
    }

    [Fact]
    public void OtherSectionsAreKeptApart()
    {
        var file = Parse("[options]\nworkers = 2\n[cron:heartbeat]\nworkers = 9\n");

        Assert.Equal("9", file.Root["cron:heartbeat:workers"]);
        Assert.Equal("2", Assert.Single(file.Options()).Text);
    }

    [Fact]
    public void EveryMalformedLineIsAProblemWithItsLine()
    {
        var file = Parse("orphan = 1\n[options]\nworkers = 2\njust text\nworkers = 3\n[options]\n");

        Assert.Equal(4, file.Problems.Count);
        Assert.Contains("orphan = 1 (odoo.conf:1): expected a [section] header", file.Problems[0], StringComparison.Ordinal);
        Assert.Equal("just text (odoo.conf:4): expected key = value", file.Problems[1]);
        Assert.Equal("workers = 3 (odoo.conf:5): duplicate key, already set on line 3: expected each key once in [options]", file.Problems[2]);
        Assert.Contains("duplicate section", file.Problems[3], StringComparison.Ordinal);
        // The first of duplicate keys is the one that applies.
        Assert.Equal("2", Assert.Single(file.Options()).Text);
    }
}
