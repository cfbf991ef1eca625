using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace MiniOdooServer.App.JsonRpc;

/// <summary>Writes JSON-RPC 2.0 answers (HTTP 200, as Odoo answers even its errors) with a Utf8JsonWriter: no reflection, AOT-safe.</summary>
public static class JsonRpcResponse
{
    public static Task WriteResultAsync(HttpResponse response, JsonElement id, Action<Utf8JsonWriter> writeResult) =>
        WriteAsync(response, id, writer =>
        {
            writer.WritePropertyName("result");
            writeResult(writer);
        });

    /// <summary>
    /// A result whose JSON is already serialized (a broadcast's shared bytes), written as one buffer with its
    /// Content-Length and left to the server to send with the end of the response: one send, not chunks flushed apart.
    /// </summary>
    /// <param name="rawId">The call's id as compact JSON (<see cref="CompactJson"/>), or empty for none (null).</param>
    public static void WriteRawResult(HttpResponse response, ReadOnlySpan<byte> rawId, ReadOnlySpan<byte> rawResult)
    {
        ReadOnlySpan<byte> head = "{\"jsonrpc\":\"2.0\",\"id\":"u8;
        ReadOnlySpan<byte> middle = ",\"result\":"u8;
        var id = rawId.IsEmpty ? "null"u8 : rawId;
        var length = head.Length + id.Length + middle.Length + rawResult.Length + 1;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json";
        response.ContentLength = length;
        var span = response.BodyWriter.GetSpan(length);
        head.CopyTo(span);
        var at = head.Length;
        id.CopyTo(span[at..]);
        at += id.Length;
        middle.CopyTo(span[at..]);
        at += middle.Length;
        rawResult.CopyTo(span[at..]);
        at += rawResult.Length;
        span[at] = (byte)'}';
        response.BodyWriter.Advance(length);
    }

    /// <summary>An element as the answers' writer would write it (compact, same escaping), for <see cref="WriteRawResult"/>.</summary>
    public static byte[] CompactJson(JsonElement element)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(64);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            element.WriteTo(writer);
        }
        return buffer.WrittenSpan.ToArray();
    }

    public static Task WriteErrorAsync(HttpResponse response, JsonElement id, OdooError error) =>
        WriteAsync(response, id, writer =>
        {
            writer.WriteStartObject("error");
            writer.WriteNumber("code", error.Code);
            writer.WriteString("message", error.Title);
            writer.WriteStartObject("data");
            writer.WriteString("name", error.Name);
            writer.WriteString("debug", "");
            writer.WriteString("message", error.Message);
            writer.WriteStartArray("arguments");
            writer.WriteStringValue(error.Message);
            writer.WriteEndArray();
            writer.WriteStartObject("context");
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndObject();
        });

    private static async Task WriteAsync(HttpResponse response, JsonElement id, Action<Utf8JsonWriter> writeBody)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(response.BodyWriter);
        writer.WriteStartObject();
        writer.WriteString("jsonrpc", "2.0");
        writer.WritePropertyName("id");
        if (id.ValueKind == JsonValueKind.Undefined)
        {
            writer.WriteNullValue();
        }
        else
        {
            id.WriteTo(writer);
        }
        writeBody(writer);
        writer.WriteEndObject();
        await writer.FlushAsync();
    }
}
