namespace MiniOdooServer.Configuration.Options;

/// <summary>Odoo's <c>db_*</c> options. PostgreSQL is used only when both a host and a database name are set.</summary>
public sealed record DatabaseOptions
{
    public string? Host { get; init; }

    public int? Port { get; init; }

    public string? User { get; init; }

    public string? Password { get; init; }

    public string? Name { get; init; }

    /// <summary><c>db_maxconn</c>: connections per process. Defaults to 64; also sizes ODOO_MAX_HTTP_THREADS when it is not a number.</summary>
    public int MaxConnections { get; init; } = 64;

    public bool IsConfigured => !string.IsNullOrEmpty(Host) && !string.IsNullOrEmpty(Name);
}
