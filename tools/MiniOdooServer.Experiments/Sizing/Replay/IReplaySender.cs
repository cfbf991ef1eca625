namespace MiniOdooServer.Experiments.Sizing.Replay;

/// <summary>Sends one replayed request and says how it was answered (never throws for a failed request).</summary>
internal interface IReplaySender
{
    Task<ReplayAnswer> SendAsync(ReplayRequest request, CancellationToken cancellation);
}
