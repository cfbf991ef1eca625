using System.Globalization;

namespace MiniOdooServer.Experiments.Sizing.Replay;

/// <summary>Where a running replay stands, for the progress line.</summary>
internal readonly record struct ReplayProgress(TimeSpan Elapsed, int Sent, int Answered, int Errors, TimeSpan P95)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Elapsed.TotalSeconds:0} s, sent {Sent}, answered {Answered}, errors {Errors}, p95 {P95.TotalMilliseconds:0} ms");
}
