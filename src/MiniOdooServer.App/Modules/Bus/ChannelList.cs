using System.Text.Json;

namespace MiniOdooServer.App.Modules.Bus;

/// <summary>The <c>channels</c> a client names: a JSON list of strings, as Odoo's bus requires.</summary>
internal static class ChannelList
{
    /// <summary>Odoo's words for a channel that is not a string.</summary>
    public const string OnlyStrings = "bus.Bus only string channels are allowed.";

    /// <summary>At most this many channels per client: each one is a subscription entry held while it waits.</summary>
    public const int MaxChannels = 1000;

    /// <summary>Odoo's controllers add the broadcast channel to every client's list.</summary>
    public const string Broadcast = "broadcast";

    /// <summary>The channels, with <see cref="Broadcast"/> added; or the error to answer.</summary>
    public static (IReadOnlyList<string>? Channels, string? Error) Read(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            return (null, "channels must be a list of strings");
        }
        if (element.GetArrayLength() > MaxChannels)
        {
            return (null, $"at most {MaxChannels} channels are allowed");
        }
        var channels = new List<string>(element.GetArrayLength() + 1);
        foreach (var item in element.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                return (null, OnlyStrings);
            }
            channels.Add(item.GetString()!);
        }
        channels.Add(Broadcast);
        return (channels, null);
    }

    /// <summary>A <c>last</c> id: a whole number ≥ 0; absent or null reads as 0.</summary>
    public static (long Last, string? Error) ReadLast(JsonElement parameters, string name = "last")
    {
        if (!parameters.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return (0, null);
        }
        return element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out var last) && last >= 0
            ? (last, null)
            : (0, $"{name} must be a whole number ≥ 0");
    }

    /// <summary>
    /// The <c>channel_tokens</c> a client presents for private channels: a JSON object of channel name → token;
    /// absent or null is none.
    /// </summary>
    public static (IReadOnlyDictionary<string, string>? Tokens, string? Error) ReadTokens(JsonElement parameters)
    {
        if (!parameters.TryGetProperty("channel_tokens", out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return (null, null);
        }
        if (element.ValueKind != JsonValueKind.Object)
        {
            return (null, "channel_tokens must be a dictionary of strings");
        }
        var tokens = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.String || tokens.Count >= MaxChannels)
            {
                return (null, "channel_tokens must be a dictionary of strings");
            }
            tokens[property.Name] = property.Value.GetString()!;
        }
        return (tokens, null);
    }
}
