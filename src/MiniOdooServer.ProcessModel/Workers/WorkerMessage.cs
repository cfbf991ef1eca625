namespace MiniOdooServer.ProcessModel.Workers;

/// <summary>
/// One line a worker writes to its master over the status pipe, for the events the master must act on at once:
/// <c>ready</c> (accepting) and <c>exiting &lt;reason&gt;</c> (the worker retires itself: replace it now). What a
/// worker does request by request goes to its scoreboard slot instead, which the master reads on its tick.
/// </summary>
public abstract record WorkerMessage
{
    private WorkerMessage()
    {
    }

    public sealed record Ready : WorkerMessage;

    public sealed record Exiting(string Reason) : WorkerMessage;

    public string Format() => this switch
    {
        Ready => "ready",
        Exiting e => "exiting " + Clean(e.Reason),
        _ => throw new InvalidOperationException(),
    };

    /// <summary>Reads a line; null for anything malformed (a worker is trusted, but a bad line must not stop the master).</summary>
    public static WorkerMessage? Parse(string line)
    {
        return line switch
        {
            "ready" => new Ready(),
            _ when line.StartsWith("exiting ", StringComparison.Ordinal) && line.Length > "exiting ".Length =>
                new Exiting(line["exiting ".Length..]),
            _ => null,
        };
    }

    private static string Clean(string text) => text.Replace('\n', ' ').Replace('\r', ' ');
}
