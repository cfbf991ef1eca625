using System.Text.Json;
using MiniOdooServer.App.Modules.Web.Chat;

namespace MiniOdooServer.Tests.App.Web;

public sealed class ChatPostEndpointTests
{
    private static (string? Author, string? Text, string? Problem) Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        return ChatPostEndpoint.Read(document.RootElement);
    }

    [Theory]
    [InlineData("""[]""", "the body must be a JSON object")]
    [InlineData("""{"text": 3}""", "text must be a string")]
    [InlineData("""{"text": "  "}""", "text is empty")]
    [InlineData("""{"text": "hi", "author": 7}""", "author must be a string")]
    public void BadBodiesAreNamed(string json, string problem) =>
        Assert.StartsWith(problem, Read(json).Problem);

    [Fact]
    public void AMissingOrBlankAuthorIsAVisitor()
    {
        Assert.Equal(("Visitor", "hi", null), Read("""{"text": " hi "}"""));
        Assert.Equal(("Visitor", "hi", null), Read("""{"text": "hi", "author": " "}"""));
        Assert.Equal(("Ann", "hi", null), Read("""{"text": "hi", "author": "Ann"}"""));
    }

    [Fact]
    public void TheMessageIsEscapedJsonWithTheChatType()
    {
        using var message = JsonDocument.Parse(ChatPostEndpoint.Message("A\"nn", "<b>\n"));

        Assert.Equal("chat.message", message.RootElement.GetProperty("type").GetString());
        Assert.Equal("A\"nn", message.RootElement.GetProperty("payload").GetProperty("author").GetString());
        Assert.Equal("<b>\n", message.RootElement.GetProperty("payload").GetProperty("text").GetString());
    }
}
