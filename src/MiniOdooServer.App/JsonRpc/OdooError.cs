namespace MiniOdooServer.App.JsonRpc;

/// <summary>
/// An error in the shape Odoo's JSON-RPC dispatcher answers: <c>{"code": 200, "message": "Odoo Server Error",
/// "data": {"name", "debug", "message", "arguments", "context"}}</c>. <c>debug</c> stays empty: no stack trace
/// ever reaches a client.
/// </summary>
public sealed record OdooError(string Name, string Message, int Code = 200, string Title = "Odoo Server Error")
{
    public static OdooError InvalidJson(string detail) =>
        new("werkzeug.exceptions.BadRequest", $"400 Bad Request: Invalid JSON data ({detail})");

    public static OdooError InvalidRequest(string detail) =>
        new("werkzeug.exceptions.BadRequest", $"400 Bad Request: {detail}");

    /// <summary>A body over <paramref name="maxBytes"/>: werkzeug's 413, answered with HTTP status 413.</summary>
    public static OdooError BodyTooLarge(long maxBytes) =>
        new("werkzeug.exceptions.RequestEntityTooLarge", $"413 Request Entity Too Large: the body is over {maxBytes} bytes",
            Code: 413, Title: "413: Request Entity Too Large");

    public static OdooError NotFound(string what) =>
        new("werkzeug.exceptions.NotFound", $"404 Not Found: {what}", Code: 404, Title: "404: Not Found");

    /// <summary>A refusal of a route guarded by the admin password: says what was refused and why.</summary>
    public static OdooError Forbidden(string detail) =>
        new("werkzeug.exceptions.Forbidden", $"403 Forbidden: {detail}", Code: 403, Title: "403: Forbidden");

    public static OdooError TooManyRequests(string detail) =>
        new("werkzeug.exceptions.TooManyRequests", $"429 Too Many Requests: {detail}", Code: 429, Title: "429: Too Many Requests");

    public static OdooError Exception(string message) => new("builtins.Exception", message);
}
