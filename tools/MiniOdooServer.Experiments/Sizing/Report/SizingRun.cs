using MiniOdooServer.Experiments.Sizing.Log;
using MiniOdooServer.Experiments.Sizing.Model;
using MiniOdooServer.Experiments.Sizing.Sweep;

namespace MiniOdooServer.Experiments.Sizing.Report;

/// <summary>Everything one sizing run found, for the report.</summary>
internal sealed record SizingRun(
    string Command,
    string LogPath,
    DateTime StartedUtc,
    string LoadBefore,
    string LoadAfter,
    AccessLogSummary Summary,
    DateTime WindowStart,
    TimeSpan Window,
    int Replayed,
    TimeSpan Target,
    IReadOnlyList<SweepPoint> Points,
    IReadOnlyList<SizingAnswer> Models,
    MeasuredAnswer Answer);
