using MiniOdooServer.Configuration.Loading;
using MiniOdooServer.ProcessModel.Native;
using MiniOdooServer.ProcessModel.Workers;
using Microsoft.Win32.SafeHandles;

namespace MiniOdooServer.Tests.ProcessModel.Workers;

/// <summary>The master's configuration reaches a worker through a sealed memory file and one variable of settings.</summary>
public sealed class ConfigurationInheritanceTests
{
    private static Func<string, string?> Environment(IEnumerable<KeyValuePair<string, string>> variables)
    {
        var map = variables.ToDictionary();
        return name => map.GetValueOrDefault(name);
    }

    [Fact]
    public void TheFileAndTheSettingsReadBackAsTheMasterWroteThem()
    {
        byte[] contents = [.. "[options]\nworkers = 2\n"u8, 0xC3, 0xA9];
        using var file = SealedMemoryFile.Create("test-config", contents);
        SettingValue[] settings = [new("http_port", "8069", "x"), new("http_interface", "::1", "x"), new("listen_backlog", "", "x")];

        var inherited = ConfigurationInheritance.Read(Environment(ConfigurationInheritance.ToVariables(file.Fd, settings)))!;

        Assert.Equal(contents, inherited.FileContents);
        Assert.Equal([("http_port", "8069"), ("http_interface", "::1"), ("listen_backlog", "")],
            inherited.MasterSettings.Select(s => (s.Key, s.Text)));
    }

    [Fact]
    public void NoFileReadsAsNoFile()
    {
        var inherited = ConfigurationInheritance.Read(Environment(ConfigurationInheritance.ToVariables(null, [])))!;

        Assert.Null(inherited.FileContents);
        Assert.Empty(inherited.MasterSettings);
    }

    [Fact]
    public void AProcessNotStartedByAMasterInheritsNothing() =>
        Assert.Null(ConfigurationInheritance.Read(_ => null));

    [Fact]
    public void TheFileCannotBeChangedOnceHandedOver()
    {
        using var file = SealedMemoryFile.Create("test-config", "[options]\n"u8);
        using var handle = new SafeFileHandle(file.Fd, ownsHandle: false);

        // EPERM, as the seals make every write fail.
        Assert.Throws<UnauthorizedAccessException>(() => RandomAccess.Write(handle, "x"u8, 0));
        Assert.Throws<UnauthorizedAccessException>(() => RandomAccess.Write(handle, "more"u8, 10));
    }

    [Fact]
    public void ADescriptorThatIsNotTheMastersFileIsRefused()
    {
        var path = Path.GetTempFileName();
        try
        {
            using var other = File.OpenHandle(path);
            var fd = (int)other.DangerousGetHandle();
            var problems = Assert.Throws<ConfigurationError>(() => ConfigurationInheritance.Read(
                name => name == ConfigurationInheritance.FileVariable ? fd.ToString() : null)).Problems;
            Assert.Contains("not a sealed memory file", Assert.Single(problems));
            Assert.Throws<ConfigurationError>(() => ConfigurationInheritance.Read(
                name => name == ConfigurationInheritance.FileVariable ? "seven" : null));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
