using System.Buffers;
using System.Text;
using System.Text.Json;

namespace MiniOdooServer.App.Bus;

/// <summary>The bus's JSON texts, written with Utf8JsonWriter (no reflection, AOT-safe).</summary>
internal static class BusJson
{
    /// <summary>The stored message: <c>{"type": type, "payload": payload}</c>, the payload copied as given.</summary>
    public static string Message(string type, JsonElement payload) => Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("type", type);
        writer.WritePropertyName("payload");
        payload.WriteTo(writer);
        writer.WriteEndObject();
    });

    public static string StringArray(IEnumerable<string> values) => Write(writer =>
    {
        writer.WriteStartArray();
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }
        writer.WriteEndArray();
    });

    /// <summary>
    /// Notifications as a JSON array: <c>{"id", "message"}</c> for websockets, <c>{"id", "channel", "message"}</c>
    /// for long-polling (Odoo's two shapes). Each stored message is copied raw: it was valid JSON when published.
    /// </summary>
    public static void WriteNotifications(Utf8JsonWriter writer, IEnumerable<BusNotification> notifications, bool withChannel)
    {
        writer.WriteStartArray();
        foreach (var notification in notifications)
        {
            writer.WriteStartObject();
            writer.WriteNumber("id", notification.Id);
            if (withChannel)
            {
                writer.WriteString("channel", notification.Channel);
            }
            writer.WritePropertyName("message");
            writer.WriteRawValue(notification.Message, skipInputValidation: true);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    /// <summary>
    /// A peek's answer, <c>{"channels": [...], "notifications": [...]}</c>: the channels read (the client's, with
    /// broadcast) and what they hold. Odoo 15's poll with <c>options.peek</c> and Odoo 16+'s peek_notifications.
    /// </summary>
    public static void WritePeek(Utf8JsonWriter writer, IEnumerable<string> channels, IEnumerable<BusNotification> notifications, bool withChannel)
    {
        writer.WriteStartObject();
        writer.WritePropertyName("channels");
        writer.WriteStartArray();
        foreach (var channel in channels)
        {
            writer.WriteStringValue(channel);
        }
        writer.WriteEndArray();
        writer.WritePropertyName("notifications");
        WriteNotifications(writer, notifications, withChannel);
        writer.WriteEndObject();
    }

    /// <summary>The notifications as one JSON array, in UTF-8: written once, shared by the clients that get them.</summary>
    public static byte[] NotificationsArray(IEnumerable<BusNotification> notifications, bool withChannel)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteNotifications(writer, notifications, withChannel);
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static string Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
