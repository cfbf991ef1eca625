namespace MiniOdooServer.Experiments.Sizing.Report;

/// <summary>The queueing model's answer for one speed, put beside the measured one: workers for p95 ≤ target, and how it got there.</summary>
internal sealed record ModelAnswer(double Speed, int? Workers, string Explanation);
