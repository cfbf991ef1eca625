using System.Text.Json.Serialization;

namespace MiniOdooServer.FunctionalTests.Web;

/// <summary>Source-generated JSON for the chat tests (a string written as a JavaScript literal).</summary>
[JsonSerializable(typeof(string))]
internal sealed partial class ChatJson : JsonSerializerContext;
