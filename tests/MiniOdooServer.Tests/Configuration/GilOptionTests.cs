using MiniOdooServer.Configuration.Options;

namespace MiniOdooServer.Tests.Configuration;

/// <summary><c>gil</c>: off by default, on with <c>--gil</c> or <c>gil = True</c>, declared once so help and the option reference list it.</summary>
public sealed class GilOptionTests : IDisposable
{
    private readonly ConfigurationHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public void IsOffByDefault()
    {
        Assert.False(_harness.Load().Options.Gil);
    }

    [Fact]
    public void TheSwitchTurnsItOn()
    {
        Assert.True(_harness.Load("--gil").Options.Gil);
    }

    [Theory]
    [InlineData("True", true)]
    [InlineData("False", false)]
    public void TheFileSetsIt(string text, bool expected)
    {
        var path = _harness.WriteFile("gil.conf", $"[options]\ngil = {text}\n");

        Assert.Equal(expected, _harness.Load("-c", path).Options.Gil);
    }

    [Fact]
    public void ABadValueIsRefusedWithTheExpectedForm()
    {
        var path = _harness.WriteFile("gil.conf", "[options]\ngil = maybe\n");

        Assert.Contains(_harness.Problems("-c", path), p => p.Contains("gil", StringComparison.Ordinal) && p.Contains("True or False", StringComparison.Ordinal));
    }

    [Fact]
    public void TheOptionReferenceListsIt()
    {
        Assert.Contains(OptionsTable.RenderMarkdown().Split('\n'), row => row.StartsWith("| `gil` | `--gil` | `False` |", StringComparison.Ordinal));
    }
}
