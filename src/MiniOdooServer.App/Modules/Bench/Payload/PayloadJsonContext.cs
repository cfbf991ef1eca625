using System.Text.Json.Serialization;

namespace MiniOdooServer.App.Modules.Bench.Payload;

/// <summary>
/// System.Text.Json source generation for the payload: the serializer code is generated at build time, so it needs no
/// reflection and stays trimmable under Native AOT. Snake case, as Odoo's field names are.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(PayloadRecord[]))]
internal sealed partial class PayloadJsonContext : JsonSerializerContext;
