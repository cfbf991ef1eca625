namespace MiniOdooServer.Experiments.Sizing.Model;

/// <summary>
/// Erlang's C formula: the probability that an arriving request finds all <c>c</c> servers busy and waits, in an
/// M/M/c queue with offered load <c>a = λ / μ</c> (in erlangs). Computed through Erlang B's recurrence, which stays
/// finite for hundreds of servers where the textbook factorial form overflows.
/// </summary>
internal static class ErlangC
{
    /// <summary>Probability of waiting; 1 when the queue is not stable (a ≥ c), 0 without load.</summary>
    public static double ProbabilityOfWaiting(int servers, double offeredLoad)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(servers, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(offeredLoad);
        if (offeredLoad == 0) return 0;
        if (offeredLoad >= servers) return 1;
        var blocking = ErlangB(servers, offeredLoad);
        var utilisation = offeredLoad / servers;
        return blocking / (1 - (utilisation * (1 - blocking)));
    }

    /// <summary>Erlang B (loss probability) by B(n) = a·B(n−1) / (n + a·B(n−1)), B(0) = 1.</summary>
    public static double ErlangB(int servers, double offeredLoad)
    {
        var b = 1.0;
        for (var n = 1; n <= servers; n++) b = offeredLoad * b / (n + (offeredLoad * b));
        return b;
    }
}
