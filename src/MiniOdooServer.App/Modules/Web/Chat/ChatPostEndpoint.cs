using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using MiniOdooServer.App.Bus;
using MiniOdooServer.App.JsonRpc;
using MiniOdooServer.App.Modules.Bus;

namespace MiniOdooServer.App.Modules.Web.Chat;

/// <summary>
/// <c>POST /web/chat/post</c> with <c>{"author", "text"}</c>: the public posting route of the chat demo, open to anyone
/// like Odoo's live chat for visitors, so it needs no secret. What keeps it from being an open relay: it publishes
/// only to <see cref="Channel"/> with a fixed type, bounds the body (413) and the text (413), and limits each client
/// address (429 with Retry-After). Publishes in-process through the bus store, as <c>/bus/send</c> does.
/// </summary>
internal sealed class ChatPostEndpoint(ChatRateLimiter rateLimiter)
{
    public const string Channel = "chat.public";
    public const string MessageType = "chat.message";
    public const int MaxBodyBytes = 4096;
    public const int MaxTextChars = 500;
    public const int MaxAuthorChars = 40;

    public async Task HandleAsync(HttpContext context)
    {
        // The address is counted before the body is read: a flood of bad bodies is limited too.
        var client = context.Connection.RemoteIpAddress?.ToString() ?? "-";
        if (!rateLimiter.TryAdmit(client, out var retryAfter))
        {
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            await JsonBody.WriteErrorAsync(context.Response, StatusCodes.Status429TooManyRequests, new OdooError(
                "werkzeug.exceptions.TooManyRequests",
                $"429 Too Many Requests: at most {rateLimiter.Burst} messages at once, then one every {rateLimiter.Refill.TotalSeconds:0.#} s",
                Code: 429, Title: "429: Too Many Requests"));
            return;
        }
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        }
        catch (JsonException e)
        {
            await JsonBody.WriteErrorAsync(context.Response, StatusCodes.Status400BadRequest,
                OdooError.InvalidJson($"line {e.LineNumber + 1}, position {e.BytePositionInLine + 1}"));
            return;
        }
        catch (BadHttpRequestException e)
        {
            await JsonBody.WriteErrorAsync(context.Response, StatusCodes.Status400BadRequest, OdooError.InvalidRequest(e.Message));
            return;
        }
        using (document)
        {
            var (author, text, problem) = Read(document.RootElement);
            if (problem is not null)
            {
                await JsonBody.WriteErrorAsync(context.Response, StatusCodes.Status400BadRequest, OdooError.InvalidRequest(problem));
                return;
            }
            var (name, body) = (author!, text!);
            if (body.Length > MaxTextChars || name.Length > MaxAuthorChars)
            {
                await TooLargeAsync(context, body.Length > MaxTextChars
                    ? $"the text has {body.Length} characters, at most {MaxTextChars} are accepted"
                    : $"the author has {name.Length} characters, at most {MaxAuthorChars} are accepted");
                return;
            }
            var store = context.RequestServices.GetRequiredService<IBusStore>();
            long id;
            try
            {
                id = await store.SendAsync(Channel, Message(name, body), context.RequestAborted);
            }
            catch (BusUnavailableException e)
            {
                await JsonBody.WriteErrorAsync(context.Response, StatusCodes.Status503ServiceUnavailable, PollEndpoint.BusUnavailable(e));
                return;
            }
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync($$"""{"id": {{id}}}""", context.RequestAborted);
        }
    }

    /// <summary>The author (trimmed, "Visitor" when empty) and the text (trimmed, not empty), or what is wrong.</summary>
    internal static (string? Author, string? Text, string? Problem) Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return (null, null, "the body must be a JSON object {\"author\", \"text\"}");
        }
        if (!root.TryGetProperty("text", out var textElement) || textElement.ValueKind != JsonValueKind.String)
        {
            return (null, null, "text must be a string");
        }
        var text = textElement.GetString()!.Trim();
        if (text.Length == 0)
        {
            return (null, null, "text is empty");
        }
        var author = "Visitor";
        if (root.TryGetProperty("author", out var authorElement))
        {
            if (authorElement.ValueKind != JsonValueKind.String)
            {
                return (null, null, "author must be a string");
            }
            var given = authorElement.GetString()!.Trim();
            author = given.Length > 0 ? given : author;
        }
        return (author, text, null);
    }

    /// <summary>The bus message: <c>{"type": "chat.message", "payload": {"author", "text"}}</c>.</summary>
    internal static string Message(string author, string text)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type", MessageType);
            writer.WriteStartObject("payload");
            writer.WriteString("author", author);
            writer.WriteString("text", text);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static Task TooLargeAsync(HttpContext context, string detail) =>
        JsonBody.WriteErrorAsync(context.Response, StatusCodes.Status413PayloadTooLarge, new OdooError(
            "werkzeug.exceptions.RequestEntityTooLarge", $"413 Request Entity Too Large: {detail}",
            Code: 413, Title: "413: Request Entity Too Large"));
}
