using System.Text.Json;

namespace MiniOdooServer.App.Modules.Web;

/// <summary>
/// What <c>version_info</c> reports. mini-odoo speaks the protocol of Odoo 18, so it reports that series: clients
/// such as odoorpc choose their behaviour from it.
/// </summary>
public static class ServerVersion
{
    public const string Serie = "18.0";
    public const int ProtocolVersion = 1;

    public static void Write(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("server_version", Serie);
        writer.WriteStartArray("server_version_info");
        writer.WriteNumberValue(18);
        writer.WriteNumberValue(0);
        writer.WriteNumberValue(0);
        writer.WriteStringValue("final");
        writer.WriteNumberValue(0);
        writer.WriteStringValue("");
        writer.WriteEndArray();
        writer.WriteString("server_serie", Serie);
        writer.WriteNumber("protocol_version", ProtocolVersion);
        writer.WriteEndObject();
    }
}
