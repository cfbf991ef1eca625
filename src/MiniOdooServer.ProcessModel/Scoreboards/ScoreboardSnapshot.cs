using MiniOdooServer.ProcessModel.Workers;

namespace MiniOdooServer.ProcessModel.Scoreboards;

/// <summary>
/// One consistent reading of the whole <see cref="Scoreboard"/> from any process: every live slot and the master's
/// header. <see cref="Totals"/> (retired + live) is what /metrics exposes: it only ever grows.
/// </summary>
public sealed record ScoreboardSnapshot(
    int ServerPid,
    IReadOnlyList<SlotSnapshot> Slots,
    RequestTotals Retired,
    RequestTotals Totals,
    IReadOnlyList<ReasonCount> Recycles,
    IReadOnlyList<ReasonCount> Kills,
    IReadOnlyList<KindCount> Crashes,
    IReadOnlyList<KindCount> Respawns,
    IReadOnlyList<SupervisionEvent> Events,
    ListenQueue? HttpQueue,
    ListenQueue? GeventQueue);

/// <summary>One live slot: what its worker is doing, what it has counted, and who held the slot before it.</summary>
public sealed record SlotSnapshot(int Index, WorkerActivity Activity, RequestTotals Counters, int Connections, PreviousOccupant? Previous);

public sealed record ReasonCount(WorkerKind Kind, ExitReason Reason, long Count);

public sealed record KindCount(WorkerKind Kind, long Count);
