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
        Assert.True(BenchParameter.Milliseconds.TryParse(text, out var value, out var error));
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
        Assert.False(BenchParameter.Milliseconds.TryParse(text, out var value, out var error));
        Assert.Equal(0, value);
        Assert.Contains(reason, error);
        Assert.Contains("'ms'", error);
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

    [Theory]
    [InlineData("12.5", 12.5)]
    [InlineData("0.25", 0.25)]
    [InlineData("20", 20)]
    [InlineData("10000", 10_000)]
    public void CpuMillisecondsTakeDecimals(string text, double expected)
    {
        Assert.True(BenchParameter.CpuMilliseconds.TryParseNumber(text, out var value, out var error));
        Assert.Equal(expected, value);
        Assert.Null(error);
    }

    [Theory]
    [InlineData("10000.5", "too large")]
    [InlineData("1.", "not a number")]
    [InlineData(".5", "not a number")]
    [InlineData("1.2.3", "not a number")]
    [InlineData("1e3", "not a number")]
    [InlineData("-0.5", "negative")]
    public void CpuMillisecondsRefuseAnythingElse(string text, string reason)
    {
        Assert.False(BenchParameter.CpuMilliseconds.TryParseNumber(text, out _, out var error));
        Assert.Contains(reason, error);
        Assert.Contains("'ms'", error);
        Assert.Contains("a number from 0 to 10000", error);
    }

    [Theory]
    [InlineData("ms", "20", 20)]
    [InlineData("units", "7", 7)]
    public void UnitsAreASynonymOfCpuMilliseconds(string name, string text, double expected)
    {
        var query = new QueryCollection(new Dictionary<string, StringValues> { [name] = text });

        Assert.True(BenchParameter.TryReadEither(query, BenchParameter.CpuMilliseconds, BenchParameter.Units, out var value, out _));
        Assert.Equal(expected, value);
    }

    [Fact]
    public void BothSynonymsAtOnceOrNeitherAreRefused()
    {
        var both = new QueryCollection(new Dictionary<string, StringValues> { ["ms"] = "1", ["units"] = "2" });
        var neither = new QueryCollection(new Dictionary<string, StringValues>());

        Assert.False(BenchParameter.TryReadEither(both, BenchParameter.CpuMilliseconds, BenchParameter.Units, out _, out var bothError));
        Assert.False(BenchParameter.TryReadEither(neither, BenchParameter.CpuMilliseconds, BenchParameter.Units, out _, out var neitherError));
        Assert.Equal("query parameters 'ms' and 'units' are synonyms: give one of them", bothError);
        Assert.StartsWith("missing query parameter 'ms'", neitherError);
    }
}
