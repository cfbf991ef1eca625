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
