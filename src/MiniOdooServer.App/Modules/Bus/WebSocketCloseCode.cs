namespace MiniOdooServer.App.Modules.Bus;

/// <summary>Odoo's websocket close codes (bus/websocket.py CloseCode): RFC 6455's, and Odoo's own 4000s.</summary>
internal static class WebSocketCloseCode
{
    public const int Clean = 1000;
    public const int GoingAway = 1001;
    public const int ProtocolError = 1002;
    public const int IncorrectData = 1003;
    public const int InconsistentData = 1007;
    public const int MessageTooBig = 1009;
    public const int ServerError = 1011;
    public const int TryLater = 1013;
    public const int SessionExpired = 4001;
    public const int KeepAliveTimeout = 4002;
}
