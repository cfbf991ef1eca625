namespace MiniOdooServer.App.Modules.Bench.Payload;

/// <summary>One record of a <c>/bench/json</c> payload, shaped like a row of an Odoo <c>search_read</c> on partners.</summary>
internal sealed record PayloadRecord(
    int Id,
    string Name,
    string Email,
    bool Active,
    double Credit,
    string WriteDate,
    int[] CategoryIds);
