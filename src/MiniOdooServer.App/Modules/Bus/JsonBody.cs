using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using MiniOdooServer.App.JsonRpc;

namespace MiniOdooServer.App.Modules.Bus;

/// <summary>Reading a bus request's JSON body with a size cap, turning every way it can fail into an Odoo error.</summary>
internal static class JsonBody
{
    /// <summary>Odoo's MESSAGE_MAX_SIZE for websockets; the same cap keeps a poll or a send from filling memory.</summary>
    public const int MaxBytes = 1 << 20;

    public static void LimitBody(HttpContext context)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBytes;
        }
    }

    /// <summary>A JSON-RPC call, or the error to answer (malformed JSON, oversized body, client gone).</summary>
    public static async Task<(JsonRpcRequest? Request, OdooError? Error)> ReadJsonRpcAsync(HttpContext context)
    {
        LimitBody(context);
        try
        {
            return await JsonRpcRequest.ReadAsync(context.Request);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, OdooError.BodyTooLarge(MaxBytes));
        }
        catch (BadHttpRequestException e)
        {
            return (null, OdooError.InvalidRequest(e.Message));
        }
    }

    /// <summary>A JSON object body, or the error to answer.</summary>
    public static async Task<(JsonDocument? Document, OdooError? Error)> ReadObjectAsync(HttpContext context)
    {
        LimitBody(context);
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        }
        catch (JsonException e)
        {
            return (null, OdooError.InvalidJson($"line {e.LineNumber + 1}, position {e.BytePositionInLine + 1}"));
        }
        catch (BadHttpRequestException e)
        {
            return (null, OdooError.InvalidRequest(e.Message));
        }
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            return (null, OdooError.InvalidRequest("the body must be a JSON object"));
        }
        return (document, null);
    }

    /// <summary>
    /// An error answer of a plain JSON route: the HTTP status, and Odoo's error object under "error". Sent whole with
    /// its Content-Length, so that even a client that is being cut off (a refused body) reads a complete answer.
    /// </summary>
    public static async Task WriteErrorAsync(HttpResponse response, int status, OdooError error)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        WriteError(buffer, status, error);
        response.StatusCode = status;
        response.ContentType = "application/json";
        response.ContentLength = buffer.WrittenCount;
        await response.Body.WriteAsync(buffer.WrittenMemory);
    }

    private static void WriteError(System.Buffers.IBufferWriter<byte> output, int status, OdooError error)
    {
        using var writer = new Utf8JsonWriter(output);
        writer.WriteStartObject();
        writer.WriteStartObject("error");
        writer.WriteNumber("code", status);
        writer.WriteString("message", error.Title);
        writer.WriteStartObject("data");
        writer.WriteString("name", error.Name);
        writer.WriteString("message", error.Message);
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
