using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MiniOdooServer.App.Bus;
using MiniOdooServer.Tests.App.Bus.Support;

namespace MiniOdooServer.Tests.App.Bus;

/// <summary>
/// <c>/longpolling/poll</c>'s params as Odoo 15 reads them: <c>last</c> as its controller passes it to PostgreSQL
/// (<c>id &gt; '3'</c> works, 0 / 0.0 / false read the recent window), what PostgreSQL would refuse answered with a 400
/// in Odoo's JSON-RPC error shape, and <c>options.peek</c> answering at once. Every bus here holds ids 1, 2, 3 on
/// "room"; an answer that waited would take the 50 s poll timeout, so each call is bounded well below it.
/// </summary>
public sealed class PollParamsTests : IAsyncLifetime
{
    private static readonly HttpClient Http = new();
    private InProcessBusServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await InProcessBusServer.StartListeningAsync("poll-params");
        var store = _server.App.Services.GetRequiredService<IBusStore>();
        for (var i = 1; i <= 3; i++)
        {
            Assert.Equal(i, await store.SendAsync("room", $$"""{"type": "t", "payload": {{i}}}""", default));
        }
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("2", new long[] { 3 })]
    [InlineData("\"1\"", new long[] { 2, 3 })]
    [InlineData("\" +1\\n\"", new long[] { 2, 3 })] // PostgreSQL's integer input: blanks around, a sign
    [InlineData("\"0\"", new long[] { 1, 2, 3 })] // id > 0: every retained message (Python's "0" == 0 is false)
    [InlineData("-5", new long[] { 1, 2, 3 })]
    [InlineData("0", new long[] { 1, 2, 3 })] // the recent window
    [InlineData("0.0", new long[] { 1, 2, 3 })]
    [InlineData("false", new long[] { 1, 2, 3 })]
    public async Task LastIsReadAsOdoo15ReadsIt(string last, long[] expected)
    {
        using var answer = await PollAsync($$"""{"channels": ["room"], "last": {{last}}}""");

        var result = answer.RootElement.GetProperty("result");
        Assert.Equal(expected, result.EnumerateArray().Select(n => n.GetProperty("id").GetInt64()));
    }

    [Theory]
    [InlineData("\"abc\"")]
    [InlineData("\"3.5\"")]
    [InlineData("\"\"")]
    [InlineData("3.5")]
    [InlineData("1e3")]
    [InlineData("true")]
    [InlineData("null")]
    [InlineData("[1]")]
    [InlineData("{}")]
    [InlineData("99999999999999999999")]
    [InlineData("1e400")] // too large even for a double
    public async Task ALastPostgresqlCouldNotReadIsA400InOdoosErrorShape(string last)
    {
        using var answer = await PollAsync($$"""{"channels": ["room"], "last": {{last}}}""");

        var error = answer.RootElement.GetProperty("error");
        Assert.Equal(200, error.GetProperty("code").GetInt32());
        Assert.Equal("werkzeug.exceptions.BadRequest", error.GetProperty("data").GetProperty("name").GetString());
        Assert.StartsWith("400 Bad Request: last must be a message id", error.GetProperty("data").GetProperty("message").GetString());
        Assert.Equal("", error.GetProperty("data").GetProperty("debug").GetString());
    }

    [Fact]
    public async Task AMissingLastIsOdoosTypeError()
    {
        using var answer = await PollAsync("""{"channels": ["room"]}""");
        using var neither = await PollAsync("""{}""");

        var data = answer.RootElement.GetProperty("error").GetProperty("data");
        Assert.Equal("builtins.TypeError", data.GetProperty("name").GetString());
        Assert.Equal("poll() missing 1 required positional argument: 'last'", data.GetProperty("message").GetString());
        Assert.Equal("poll() missing 2 required positional arguments: 'channels' and 'last'",
            neither.RootElement.GetProperty("error").GetProperty("data").GetProperty("message").GetString());
    }

    [Fact]
    public async Task APeekAnswersAtOnceWithTheChannelsItReadAndWhatTheyHold()
    {
        using var pending = await PollAsync("""{"channels": ["room"], "last": 1, "options": {"peek": true}}""");
        using var nothing = await PollAsync("""{"channels": ["room", "hall"], "last": 3, "options": {"peek": 1e400}}""");
        using var notAPeek = await PollAsync("""{"channels": ["room"], "last": 1, "options": {"peek": false}}""");

        var result = pending.RootElement.GetProperty("result");
        Assert.Equal(["room", "broadcast"], result.GetProperty("channels").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal([2L, 3L], result.GetProperty("notifications").EnumerateArray().Select(n => n.GetProperty("id").GetInt64()));
        Assert.Equal("3", result.GetProperty("notifications")[1].GetProperty("message").GetProperty("payload").GetRawText());
        var empty = nothing.RootElement.GetProperty("result");
        Assert.Equal(["room", "hall", "broadcast"], empty.GetProperty("channels").EnumerateArray().Select(c => c.GetString()));
        Assert.Empty(empty.GetProperty("notifications").EnumerateArray());
        Assert.Equal(JsonValueKind.Array, notAPeek.RootElement.GetProperty("result").ValueKind);
    }

    /// <summary>Bounded at 10 s: a poll that waits for messages instead of answering fails here, not after 50 s.</summary>
    private async Task<JsonDocument> PollAsync(string parameters)
    {
        using var response = await Http.PostAsync($"http://127.0.0.1:{_server.Port}/longpolling/poll", new StringContent(
            $$"""{"jsonrpc": "2.0", "id": 1, "params": {{parameters}}}""", Encoding.UTF8, "application/json"))
            .Within(TimeSpan.FromSeconds(10));
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }
}
