namespace MiniOdooServer.ProcessModel.Workers;

/// <summary>
/// <c>limit_request</c> with jitter: each worker draws its own budget in [limit, limit + 10 %], so workers started
/// together do not all recycle together under an even load (Odoo has no jitter; gunicorn's max_requests_jitter does this).
/// </summary>
public sealed class RequestBudget(int limit, Random random)
{
    public int Limit { get; } = limit + random.Next(0, limit / 10 + 1);

    public bool IsSpent(long served) => served >= Limit;
}
