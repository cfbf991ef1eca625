using MiniOdooServer.App.Security;

namespace MiniOdooServer.Tests.App.Security;

/// <summary>The bearer header read exactly, compared in constant time.</summary>
public sealed class AdminBearerTests
{
    [Theory]
    [InlineData("Bearer s3cret", "s3cret")]
    [InlineData("bearer s3cret", "s3cret")] // RFC 7235: the scheme is case-insensitive
    [InlineData("BEARER s3cret", "s3cret")]
    public void AWellFormedHeaderGivesItsToken(string header, string token) =>
        Assert.Equal(token, AdminBearer.ReadToken([header]));

    [Theory]
    [InlineData("bearer   admin  ")]
    [InlineData("Bearer  admin")]
    [InlineData("Bearer admin ")]
    [InlineData("Bearer \vadmin")]
    [InlineData("Bearer \v")]
    [InlineData("Bearer ad min")]
    [InlineData("Bearer admin\t")]
    [InlineData("Bearer ")]
    [InlineData("Bearer")]
    [InlineData("Bearer\tadmin")]
    [InlineData("Bearerx admin")]
    [InlineData("Basic YWRtaW4=")]
    [InlineData("admin")]
    [InlineData("")]
    public void AnythingElseGivesNoToken(string header) => Assert.Null(AdminBearer.ReadToken([header]));

    [Fact]
    public void TwoHeadersOrNoneGiveNoToken()
    {
        Assert.Null(AdminBearer.ReadToken(["Bearer a", "Bearer b"]));
        Assert.Null(AdminBearer.ReadToken([]));
    }

    [Fact]
    public void OnlyTheExactPasswordMatches()
    {
        Assert.True(AdminBearer.Matches("s3cret", "s3cret"));
        Assert.False(AdminBearer.Matches("s3cre", "s3cret"));
        Assert.False(AdminBearer.Matches("S3cret", "s3cret"));
        Assert.False(AdminBearer.Matches(null, "s3cret"));
    }

    [Fact]
    public void AnEmptyPasswordMatchesNothing()
    {
        Assert.False(AdminBearer.Matches("", ""));
        Assert.False(AdminBearer.Matches("\v", ""));
    }
}
