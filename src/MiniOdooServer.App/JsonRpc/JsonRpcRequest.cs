using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace MiniOdooServer.App.JsonRpc;

/// <summary>
/// A JSON-RPC 2.0 call as Odoo's <c>type='json'</c> routes receive it: <c>{"jsonrpc": "2.0", "method": "call",
/// "params": {...}, "id": 1}</c>. Odoo ignores <c>method</c> and routes by URL; so do we.
/// </summary>
public sealed class JsonRpcRequest : IDisposable
{
    private readonly JsonDocument _document;

    private JsonRpcRequest(JsonDocument document, JsonElement id, JsonElement parameters)
    {
        _document = document;
        Id = id;
        Params = parameters;
    }

    /// <summary>The call's id, echoed in the answer (a number, a string, or null).</summary>
    public JsonElement Id { get; }

    /// <summary>The <c>params</c> object; an empty object when absent.</summary>
    public JsonElement Params { get; }

    /// <summary>Reads the body; on malformed input returns the error to answer instead.</summary>
    public static async Task<(JsonRpcRequest? Request, OdooError? Error)> ReadAsync(HttpRequest request)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
        }
        catch (JsonException e)
        {
            return (null, OdooError.InvalidJson($"line {e.LineNumber + 1}, position {e.BytePositionInLine + 1}"));
        }
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            return (null, OdooError.InvalidRequest("a JSON-RPC request must be a JSON object"));
        }
        var id = root.TryGetProperty("id", out var idElement) ? idElement : default;
        if (!root.TryGetProperty("params", out var parameters) || parameters.ValueKind == JsonValueKind.Null)
        {
            parameters = EmptyObject.RootElement;
        }
        else if (parameters.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            return (null, OdooError.InvalidRequest("params must be a JSON object"));
        }
        return (new JsonRpcRequest(document, id, parameters), null);
    }

    private static readonly JsonDocument EmptyObject = JsonDocument.Parse("{}");

    public void Dispose() => _document.Dispose();
}
