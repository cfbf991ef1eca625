using System.Globalization;

namespace MiniOdooServer.ProcessModel.Workers;

/// <summary>
/// One line a worker writes to its master over the status pipe — the watchdog heartbeat of Odoo, carrying state:
/// <c>ready</c> (accepting), <c>busy &lt;unix-ms&gt; &lt;METHOD&gt; &lt;path&gt;</c> (a request began),
/// <c>idle &lt;served&gt;</c> (it ended), <c>exiting &lt;reason&gt;</c> (the worker retires itself: replace it now).
/// </summary>
public abstract record WorkerMessage
{
    private WorkerMessage()
    {
    }

    public sealed record Ready : WorkerMessage;

    public sealed record Busy(DateTimeOffset Since, string Method, string Path) : WorkerMessage;

    public sealed record Idle(long Served) : WorkerMessage;

    public sealed record Exiting(string Reason) : WorkerMessage;

    public string Format() => this switch
    {
        Ready => "ready",
        Busy b => string.Create(CultureInfo.InvariantCulture, $"busy {b.Since.ToUnixTimeMilliseconds()} {b.Method} {Clean(b.Path)}"),
        Idle i => string.Create(CultureInfo.InvariantCulture, $"idle {i.Served}"),
        Exiting e => "exiting " + Clean(e.Reason),
        _ => throw new InvalidOperationException(),
    };

    /// <summary>Reads a line; null for anything malformed (a worker is trusted, but a bad line must not stop the master).</summary>
    public static WorkerMessage? Parse(string line)
    {
        var parts = line.Split(' ', 4);
        return parts[0] switch
        {
            "ready" => new Ready(),
            "busy" when parts.Length == 4 && long.TryParse(parts[1], CultureInfo.InvariantCulture, out var ms) =>
                new Busy(DateTimeOffset.FromUnixTimeMilliseconds(ms), parts[2], parts[3]),
            "idle" when parts.Length == 2 && long.TryParse(parts[1], CultureInfo.InvariantCulture, out var served) => new Idle(served),
            "exiting" when parts.Length >= 2 => new Exiting(line["exiting ".Length..]),
            _ => null,
        };
    }

    private static string Clean(string text) => text.Replace('\n', ' ').Replace('\r', ' ');
}
