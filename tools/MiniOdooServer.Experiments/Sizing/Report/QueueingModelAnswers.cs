using MiniOdooServer.Experiments.Sizing.Log;

namespace MiniOdooServer.Experiments.Sizing.Report;

/// <summary>The queueing model's answer at each speed of the sweep, computed from the log alone.</summary>
internal static class QueueingModelAnswers
{
    public static IReadOnlyList<ModelAnswer> For(AccessLogSummary summary, SizingOptions options) => [];
}
