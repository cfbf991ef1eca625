using MiniOdooServer.ProcessModel.Workers;

namespace MiniOdooServer.Tests.ProcessModel.Workers;

public sealed class RequestBudgetTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(100)]
    [InlineData(65_536)]
    public void TheLimitLiesWithinTheOptionAndTenPercentMore(int limit)
    {
        var random = new Random(42);
        var seen = new HashSet<int>();
        for (var i = 0; i < 500; i++)
        {
            var budget = new RequestBudget(limit, random);
            Assert.InRange(budget.Limit, limit, limit + (limit / 10));
            seen.Add(budget.Limit);
        }
        if (limit >= 100)
        {
            Assert.True(seen.Count > 1, "workers must not all draw the same budget");
        }
        if (limit is >= 10 and <= 100)
        {
            // The upper bound is inclusive: with few values, 500 draws reach it.
            Assert.Contains(limit + (limit / 10), seen);
        }
    }

    [Fact]
    public void IsSpentOnceServedReachesTheLimit()
    {
        var budget = new RequestBudget(100, new Random(1));

        Assert.False(budget.IsSpent(0));
        Assert.False(budget.IsSpent(budget.Limit - 1));
        Assert.True(budget.IsSpent(budget.Limit));
        Assert.True(budget.IsSpent(budget.Limit + 1));
    }
}
