namespace MiniOdooServer.App.Monitoring;

/// <summary>The body of a status route that cannot answer: <c>{"error": "..."}</c>, as its 403 and 503 answers.</summary>
public sealed record StatusError(string Error);
