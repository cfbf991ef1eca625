using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MiniOdooServer.App.Bus;
using MiniOdooServer.Tests.App.Bus.Support;

namespace MiniOdooServer.Tests.App.Bus;

/// <summary>
/// A long-poll's body is released before it waits and only the call's id is kept: the answer, written after the
/// wait from the broadcast's shared bytes, still echoes that id exactly (a number, a string, or null when absent).
/// </summary>
public sealed class PollAnswerTests : IAsyncLifetime
{
    private static readonly HttpClient Http = new();
    private InProcessBusServer _server = null!;

    public async Task InitializeAsync() => _server = await InProcessBusServer.StartListeningAsync("poll-answer");

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("\"call-7\"", "\"call-7\"")]
    [InlineData("42", "42")]
    [InlineData(null, "null")]
    [InlineData("{ \"call\" : [1, \"é\"] }", "{\"call\":[1,\"\\u00E9\"]}")] // compact, escaped as the answers' JSON writer escapes
    public async Task AWokenPollEchoesItsCallsId(string? id, string expectedId)
    {
        var store = _server.App.Services.GetRequiredService<IBusStore>();
        var last = await store.SendAsync("warmup", """{"type": "t", "payload": 0}""", default);
        var idMember = id is null ? "" : $"\"id\": {id}, ";
        var poll = Http.PostAsync($"http://127.0.0.1:{_server.Port}/longpolling/poll", new StringContent(
            $$$"""{"jsonrpc": "2.0", {{{idMember}}}"params": {"channels": ["room"], "last": {{{last}}}}}""", Encoding.UTF8, "application/json"));
        var bus = _server.App.Services.GetRequiredService<BusDispatcher>();
        await Wait.UntilAsync(() => bus.WaitingPolls == 1);

        var sent = await store.SendAsync("room", """{"type": "chat", "payload": "hi"}""", default);
        using var response = await poll.Within();
        var body = await response.Content.ReadAsStringAsync();
        using var answer = JsonDocument.Parse(body);

        Assert.Equal(expectedId, answer.RootElement.GetProperty("id").GetRawText());
        // One buffer with its length, not chunks: a broadcast sends thousands of these at once.
        Assert.NotEqual(true, response.Headers.TransferEncodingChunked);
        Assert.Equal(Encoding.UTF8.GetByteCount(body), response.Content.Headers.ContentLength);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var notification = Assert.Single(answer.RootElement.GetProperty("result").EnumerateArray());
        Assert.Equal(sent, notification.GetProperty("id").GetInt64());
        Assert.Equal("room", notification.GetProperty("channel").GetString());
        Assert.Equal("hi", notification.GetProperty("message").GetProperty("payload").GetString());
    }

}
