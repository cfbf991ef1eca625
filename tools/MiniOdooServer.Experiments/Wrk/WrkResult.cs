namespace MiniOdooServer.Experiments.Wrk;

/// <summary>
/// What one wrk run reports: requests done, over how long, the rate, mean latency, everything that went wrong, and,
/// when the answer-checking script ran (<see cref="WrkAnswerScript"/>), how many 2xx answers named the server under
/// test (<see cref="ServerAnswers"/>) and how many did not (<see cref="ForeignAnswers"/>).
/// </summary>
internal sealed record WrkResult(
    long Requests,
    double Seconds,
    double RequestsPerSecond,
    double LatencyAverageMs,
    long SocketErrors,
    long Non2xxResponses,
    long? ServerAnswers = null,
    long ForeignAnswers = 0)
{
    /// <summary>True when every request got a 2xx or 3xx answer and no socket failed.</summary>
    public bool IsClean => SocketErrors == 0 && Non2xxResponses == 0;

    /// <summary>Answers per second that count: those naming the server under test (wrk's rate when unchecked).</summary>
    public double ServerAnswersPerSecond => ServerAnswers is { } answers ? (Seconds > 0 ? answers / Seconds : 0) : RequestsPerSecond;
}
