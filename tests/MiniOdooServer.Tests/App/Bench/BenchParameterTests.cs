using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using MiniOdooServer.App.Modules.Bench;

namespace MiniOdooServer.Tests.App.Bench;

public sealed class BenchParameterTests
{
    [Theory]
    [InlineData("0", 0)]
    [InlineData("250", 250)]
    [InlineData("600000", 600_000)]
    [InlineData(" 12 ", 12)]
    public void AcceptsWholeNumbersUpToTheCap(string text, int expected)
    {
        Assert.True(BenchParameter.Units.TryParse(text, out var value, out var error));
        Assert.Equal(expected, value);
        Assert.Null(error);
    }

    [Theory]
    [InlineData("600001", "too large")]
    [InlineData("99999999999999999999", "too large")]
    [InlineData("-1", "negative")]
    [InlineData("abc", "not a number")]
    [InlineData("1.5", "not a number")]
    [InlineData("+3", "not a number")]
    [InlineData("0x10", "not a number")]
    [InlineData("", "not a number")]
    public void RefusesAnythingElseSayingWhatWasExpected(string text, string reason)
    {
        Assert.False(BenchParameter.Units.TryParse(text, out var value, out var error));
        Assert.Equal(0, value);
        Assert.Contains(reason, error);
        Assert.Contains("'units'", error);
        Assert.Contains("an integer from 0 to 600000", error);
    }

    [Theory]
    [InlineData("ms", 600_000)]
    [InlineData("mb", 65_536)]
    [InlineData("s", 3_600)]
    public void EachWorkloadHasItsCap(string name, int cap)
    {
        var parameter = new[] { BenchParameter.Milliseconds, BenchParameter.Mebibytes, BenchParameter.Seconds }.Single(p => p.Name == name);
        Assert.Equal(cap, parameter.Max);
        Assert.True(parameter.TryParse(cap.ToString(), out _, out _));
        Assert.False(parameter.TryParse((cap + 1).ToString(), out _, out _));
    }

    [Fact]
    public void AMissingParameterIsNamed()
    {
        var query = new QueryCollection(new Dictionary<string, StringValues>());

        Assert.False(BenchParameter.Seconds.TryRead(query, out _, out var error));
        Assert.Equal("missing query parameter 's': expected an integer from 0 to 3600 (seconds)", error);
    }

    [Fact]
    public void ARepeatedParameterIsRefused()
    {
        var query = new QueryCollection(new Dictionary<string, StringValues> { ["ms"] = new(["1", "2"]) });

        Assert.False(BenchParameter.Milliseconds.TryRead(query, out _, out var error));
        Assert.Contains("given 2 times", error);
    }

    [Fact]
    public void AGivenParameterIsRead()
    {
        var query = new QueryCollection(new Dictionary<string, StringValues> { ["mb"] = "64" });

        Assert.True(BenchParameter.Mebibytes.TryRead(query, out var value, out _));
        Assert.Equal(64, value);
    }
}
