using System.Net;
using Microsoft.AspNetCore.Http;
using MiniOdooServer.App.Status;

namespace MiniOdooServer.Tests.App.Status;

/// <summary>Who may read the status: this machine, or the admin password as a bearer token from anywhere.</summary>
public sealed class StatusAccessTests
{
    private const string Password = "s3cret";

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    [InlineData("127.8.9.10")]
    public void ALoopbackClientNeedsNoPassword(string address) =>
        Assert.True(StatusAccess.IsAllowed(Request(address), Password));

    [Theory]
    [InlineData("10.0.0.5")]
    [InlineData("192.168.1.20")]
    [InlineData("2001:db8::1")]
    public void AClientFromElsewhereIsRefusedWithoutThePassword(string address) =>
        Assert.False(StatusAccess.IsAllowed(Request(address), Password));

    [Fact]
    public void AClientFromElsewhereWithTheAdminPasswordIsAllowed() =>
        Assert.True(StatusAccess.IsAllowed(Request("10.0.0.5", authorization: "Bearer s3cret"), Password));

    [Theory]
    [InlineData("Bearer wrong")]
    [InlineData("Basic czNjcmV0")]
    [InlineData("s3cret")]
    [InlineData("Bearer ")]
    public void AWrongOrMalformedCredentialIsRefused(string authorization) =>
        Assert.False(StatusAccess.IsAllowed(Request("10.0.0.5", authorization: authorization), Password));

    [Fact]
    public void ALoopbackRequestThatCameThroughAProxyNeedsThePassword()
    {
        // Without proxy_mode, a reverse proxy on this machine makes every client look local: its forwarding header
        // says otherwise.
        Assert.False(StatusAccess.IsAllowed(Request("127.0.0.1", forwardedFor: "203.0.113.7"), Password));
        Assert.True(StatusAccess.IsAllowed(Request("127.0.0.1", forwardedFor: "203.0.113.7", authorization: "Bearer s3cret"), Password));
    }

    private static DefaultHttpContext Request(string address, string? authorization = null, string? forwardedFor = null)
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
