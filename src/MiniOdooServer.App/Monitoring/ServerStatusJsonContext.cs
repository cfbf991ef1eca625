using System.Text.Json.Serialization;

namespace MiniOdooServer.App.Monitoring;

/// <summary>Source-generated JSON of the status (Native AOT): snake_case, as Odoo's JSON.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = false)]
[JsonSerializable(typeof(ServerStatus))]
[JsonSerializable(typeof(StatusError))]
public sealed partial class ServerStatusJsonContext : JsonSerializerContext;
