using MiniOdooServer.FunctionalTests.Support;

namespace MiniOdooServer.FunctionalTests.Bus;

/// <summary>
/// Odoo 15's long-poll details on the real server: a <c>last</c> above the newest id waits, <c>options.peek</c>
/// answers at once, a <c>last</c> sent as a string is read as Odoo reads it. Each test has channels of its own.
/// </summary>
public sealed class LongPollingTests(ThreadedServerFixture fixture) : IClassFixture<ThreadedServerFixture>
{
    /// <summary>Far below the 50 s poll timeout: an answer within it did not wait for messages.</summary>
    private static readonly TimeSpan AtOnce = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task APollWithLastAboveTheNewestIdWaitsAndThenGetsTheNextMessageSent()
    {
        // As a client whose last is from before a reset of the bus: a recent message it must not get replayed.
        var recent = await BusClient.SendAsync(fixture.Port, "lp.above", "chat", "\"before the poll\"");
        var poll = BusClient.PollAsync(fixture.Port, """["lp.above"]""", last: recent + 1000);

        // One sent before the poll has read the newest id counts as before the poll: send until one reaches it.
        var sent = new List<long>();
        await Wait.UntilAsync(async () =>
        {
            if (!poll.IsCompleted)
            {
                sent.Add(await BusClient.SendAsync(fixture.Port, "lp.above", "chat", $"\"after {sent.Count}\""));
            }
            return poll.IsCompleted;
        }, "the waiting poll answers a message sent after it");
        using var answer = await poll;

        var next = Assert.Single(BusClient.Notifications(answer));
        Assert.NotEqual(recent, next.Id);
        Assert.Contains(next.Id, sent);
        Assert.Equal($"\"after {sent.IndexOf(next.Id)}\"", next.Payload);
    }

    [Fact]
    public async Task OptionsPeekAnswersAtOnceWithTheChannelsAndThePendingNotifications()
    {
        var first = await BusClient.SendAsync(fixture.Port, "lp.peek", "chat", "\"one\"");
        var second = await BusClient.SendAsync(fixture.Port, "lp.peek", "chat", "\"two\"");

        using var pending = await BusClient.PollAsync(fixture.Port,
            $$$"""{"channels": ["lp.peek"], "last": {{{first - 1}}}, "options": {"peek": true}}""").WaitAsync(AtOnce);
        using var nothing = await BusClient.PollAsync(fixture.Port,
            $$$"""{"channels": ["lp.peek"], "last": {{{second}}}, "options": {"peek": true}}""").WaitAsync(AtOnce);

        var result = pending.RootElement.GetProperty("result");
        Assert.Equal(["lp.peek", "broadcast"], result.GetProperty("channels").EnumerateArray().Select(c => c.GetString()));
        var notifications = result.GetProperty("notifications").EnumerateArray().ToArray();
        Assert.Equal([first, second], notifications.Select(n => n.GetProperty("id").GetInt64()));
        Assert.Equal("two", notifications[1].GetProperty("message").GetProperty("payload").GetString());
        var empty = nothing.RootElement.GetProperty("result");
        Assert.Equal(["lp.peek", "broadcast"], empty.GetProperty("channels").EnumerateArray().Select(c => c.GetString()));
        Assert.Empty(empty.GetProperty("notifications").EnumerateArray());
    }

    [Fact]
    public async Task ALastSentAsAStringIsReadAsOdooReadsIt()
    {
        var first = await BusClient.SendAsync(fixture.Port, "lp.string", "chat", "\"one\"");
        var second = await BusClient.SendAsync(fixture.Port, "lp.string", "chat", "\"two\"");

        using var answer = await BusClient.PollAsync(fixture.Port, $$"""{"channels": ["lp.string"], "last": "{{first}}"}""").WaitAsync(AtOnce);
        using var refused = await BusClient.PollAsync(fixture.Port, """{"channels": ["lp.string"], "last": "abc"}""").WaitAsync(AtOnce);

        Assert.Equal([second], BusClient.Notifications(answer).Select(n => n.Id));
        var data = refused.RootElement.GetProperty("error").GetProperty("data");
        Assert.Equal("werkzeug.exceptions.BadRequest", data.GetProperty("name").GetString());
        Assert.Equal("400 Bad Request: last must be a message id (a whole number, or a string of one), not \"abc\"",
            data.GetProperty("message").GetString());
        Assert.DoesNotContain(" 500 ", fixture.Server.Output);
    }
}
