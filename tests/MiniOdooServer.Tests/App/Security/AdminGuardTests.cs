using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using MiniOdooServer.App.Security;
using MiniOdooServer.Configuration.Options;

namespace MiniOdooServer.Tests.App.Security;

/// <summary>Who the admin password lets in, from where, and how often a client may get it wrong.</summary>
public sealed class AdminGuardTests
{
    private readonly FakeTimeProvider _time = new();

    private AdminGuard Guard(string password, params IPNetwork[] local) => new(
        new ServerOptions { AdminPassword = password, LocalNetworks = local.Length > 0 ? local : ServerOptions.DefaultLocalNetworks },
        _time, NullLogger.Instance);

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    [InlineData("10.0.0.5")]
    public void TheRightPasswordIsAcceptedFromAnywhere(string address) =>
        Assert.Same(AdminVerdict.Allowed, Guard("s3cret").Check(Request(address, "Bearer s3cret")));

    [Fact]
    public void TheDefaultPasswordIsAcceptedFromLocalClientsOnly()
    {
        var guard = Guard("admin");

        Assert.Same(AdminVerdict.Allowed, guard.Check(Request("127.0.0.1", "Bearer admin")));
        Assert.IsType<AdminVerdict.Forbidden>(Guard("admin", IPNetwork.Parse("127.0.0.1/32")).Check(Request("127.0.0.2", "Bearer admin")));
        Assert.IsType<AdminVerdict.Forbidden>(guard.Check(Request("10.0.0.5", "Bearer admin")));
        Assert.IsType<AdminVerdict.Forbidden>(guard.Check(Request("127.0.0.1", "Bearer admin", forwardedFor: "203.0.113.7")));
    }

    [Theory]
    [InlineData("Bearer \v")]
    [InlineData("Bearer ")]
    [InlineData(null)]
    public void AnEmptyPasswordRefusesEveryone(string? authorization) =>
        Assert.IsType<AdminVerdict.Forbidden>(Guard("").Check(Request("127.0.0.1", authorization)));

    [Theory]
    [InlineData("Bearer wrong")]
    [InlineData("Basic czNjcmV0")]
    [InlineData("s3cret")]
    [InlineData("bearer   s3cret  ")]
    [InlineData(null)]
    public void AWrongOrMalformedCredentialIsRefused(string? authorization) =>
        Assert.IsType<AdminVerdict.Forbidden>(Guard("s3cret").Check(Request("10.0.0.5", authorization)));

    [Fact]
    public void AClientThatKeepsGuessingIsThrottledEvenWithTheRightPassword()
    {
        var guard = Guard("s3cret");
        for (var i = 0; i < guard.Throttle.Burst; i++)
        {
            Assert.IsType<AdminVerdict.Forbidden>(guard.Check(Request("10.0.0.5", $"Bearer guess{i}")));
        }

        var throttled = Assert.IsType<AdminVerdict.Throttled>(guard.Check(Request("10.0.0.5", "Bearer s3cret")));
        Assert.True(throttled.RetryAfter > TimeSpan.Zero);
        Assert.Same(AdminVerdict.Allowed, guard.Check(Request("10.0.0.6", "Bearer s3cret")));

        _time.Advance(guard.Throttle.Refill);
        Assert.Same(AdminVerdict.Allowed, guard.Check(Request("10.0.0.5", "Bearer s3cret")));
    }

    [Fact]
    public void StatusAndBenchRoutesAreOpenToLocalClientsWithoutAPassword()
    {
        var guard = Guard("");

        Assert.Same(AdminVerdict.Allowed, guard.CheckUnlessLocal(Request("127.0.0.1", null)));
        Assert.IsType<AdminVerdict.Forbidden>(guard.CheckUnlessLocal(Request("10.0.0.5", null)));
        Assert.IsType<AdminVerdict.Forbidden>(guard.CheckUnlessLocal(Request("127.0.0.1", null, forwardedFor: "203.0.113.7")));
        Assert.Same(AdminVerdict.Allowed, Guard("s3cret").CheckUnlessLocal(Request("10.0.0.5", "Bearer s3cret")));
    }

    private static DefaultHttpContext Request(string address, string? authorization, string? forwardedFor = null)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(address);
        if (authorization is not null)
        {
            context.Request.Headers.Authorization = authorization;
        }
        if (forwardedFor is not null)
        {
            context.Request.Headers["X-Forwarded-For"] = forwardedFor;
        }
        return context;
    }
}
