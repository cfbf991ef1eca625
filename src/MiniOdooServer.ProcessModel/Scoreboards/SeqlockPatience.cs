namespace MiniOdooServer.ProcessModel.Scoreboards;

/// <summary>
/// How long a reader of the scoreboard's seqlocks keeps retrying while a write looks under way. A write is a few
/// memory stores, so a reader normally succeeds at once or after a spin; a sequence that stays odd means the writer
/// stopped in the middle (SIGSTOP, a debugger, a kill). The reader then gives up after <see cref="MaxRetries"/>
/// retries or once <see cref="Patience"/> has elapsed on the injected clock, whichever comes first, instead of
/// spinning until the writer resumes. One instance covers one whole read (header and every slot).
/// </summary>
public sealed class SeqlockPatience
{
    /// <summary>What a status request can wait for before it answers 503: long enough for any real write.</summary>
    public static readonly TimeSpan DefaultPatience = TimeSpan.FromSeconds(1);

    public const int DefaultMaxRetries = 2000;

    /// <summary>Retries made by spinning only; later ones sleep a millisecond so that a stuck writer costs no CPU.</summary>
    private const int SpinningRetries = 20;

    private readonly TimeProvider _time;
    private readonly long _startedAt;
    private SpinWait _spin;

    public SeqlockPatience(TimeProvider time, TimeSpan? patience = null, int maxRetries = DefaultMaxRetries)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxRetries);
        _time = time;
        _startedAt = time.GetTimestamp();
        Patience = patience ?? DefaultPatience;
        MaxRetries = maxRetries;
    }

    public TimeSpan Patience { get; }

    public int MaxRetries { get; }

    /// <summary>Retries made so far (the first read of each seqlock is not a retry).</summary>
    public int Retries { get; private set; }

    public TimeSpan Elapsed => _time.GetElapsedTime(_startedAt);

    /// <summary>Called after a read that saw a write under way: pauses and returns true to retry, or false when the patience is spent.</summary>
    public bool Retry()
    {
        if (Retries >= MaxRetries || Elapsed >= Patience)
        {
            return false;
        }
        Retries++;
        if (Retries <= SpinningRetries)
        {
            _spin.SpinOnce(sleep1Threshold: -1);
        }
        else
        {
            Thread.Sleep(1);
        }
        return true;
    }
}
