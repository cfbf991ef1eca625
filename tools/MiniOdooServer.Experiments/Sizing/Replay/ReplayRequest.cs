namespace MiniOdooServer.Experiments.Sizing.Replay;

/// <summary>
/// One logged request to replay: when it starts, counted from the start of the replay (already divided by the
/// speed), and the work it did in the logged server: SQL milliseconds in <paramref name="Queries"/> round trips and
/// Python (CPU) milliseconds.
/// </summary>
internal readonly record struct ReplayRequest(TimeSpan Offset, double SqlMs, double CpuMs, int Queries);
