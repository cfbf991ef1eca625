namespace MiniOdooServer.App.Http;

/// <summary>Which process served a request: its pid, its role (threaded, http, cron, longpolling) and its generation.</summary>
public sealed record ProcessIdentity(int Pid, string Role, int Generation)
{
    public const string HttpWorkerRole = "http";
    public const string LongPollingRole = "longpolling";

    public static ProcessIdentity Current(string role, int generation) => new(Environment.ProcessId, role, generation);
}
