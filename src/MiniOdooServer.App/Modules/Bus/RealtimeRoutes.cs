using Microsoft.AspNetCore.Http;

namespace MiniOdooServer.App.Modules.Bus;

/// <summary>The two routes that hold a connection for long (a 50 s long-poll, an hours-long websocket).</summary>
internal static class RealtimeRoutes
{
    public const string Poll = "/longpolling/poll";
    public const string WebSocket = "/websocket";

    public static bool Matches(HttpRequest request) =>
        (request.Path.Equals(Poll, StringComparison.Ordinal) && HttpMethods.IsPost(request.Method)) ||
        request.Path.Equals(WebSocket, StringComparison.Ordinal);
}
