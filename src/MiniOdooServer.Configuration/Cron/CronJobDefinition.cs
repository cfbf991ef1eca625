namespace MiniOdooServer.Configuration.Cron;

/// <summary>
/// One <c>[cron:NAME]</c> section, validated: what runs, how often, and the action's own settings (each action reads
/// only its keys; the others keep their defaults).
/// </summary>
public sealed record CronJobDefinition
{
    /// <summary>The NAME of <c>[cron:NAME]</c>: letters, digits, '_', '-' and '.'; unique (INI section names are).</summary>
    public required string Name { get; init; }

    /// <summary><c>interval</c>: seconds between two scheduled runs, above 0.</summary>
    public required int IntervalSeconds { get; init; }

    public required CronAction Action { get; init; }

    /// <summary><c>active</c>: an inactive job is kept in the file but never runs. Defaults to True.</summary>
    public bool Active { get; init; } = true;

    /// <summary><c>channel</c> of bus.send.</summary>
    public string Channel { get; init; } = "";

    /// <summary><c>path</c> of http: a path of this server, starting with '/'.</summary>
    public string Path { get; init; } = "/web/health";

    /// <summary><c>method</c> of http: GET, POST or HEAD. Defaults to GET.</summary>
    public string Method { get; init; } = "GET";

    /// <summary><c>timeout</c> of http, in seconds. Defaults to 30.</summary>
    public int TimeoutSeconds { get; init; } = 30;

    /// <summary><c>units</c> of bench.cpu. Defaults to 100 (about 100 ms).</summary>
    public int Units { get; init; } = 100;

    /// <summary><c>ms</c> of bench.io. Defaults to 1000.</summary>
    public int Milliseconds { get; init; } = 1000;

    public TimeSpan Interval => TimeSpan.FromSeconds(IntervalSeconds);
}
