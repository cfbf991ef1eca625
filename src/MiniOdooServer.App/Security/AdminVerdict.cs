namespace MiniOdooServer.App.Security;

/// <summary>What <see cref="AdminGuard"/> decided about one request.</summary>
internal abstract record AdminVerdict
{
    private AdminVerdict()
    {
    }

    public static readonly AdminVerdict Allowed = new Allow();

    public sealed record Allow : AdminVerdict;

    /// <summary>Refused (403), saying why.</summary>
    public sealed record Forbidden(string Reason) : AdminVerdict;

    /// <summary>Too many refused credentials from this client lately (429); it may try again after <paramref name="RetryAfter"/>.</summary>
    public sealed record Throttled(TimeSpan RetryAfter) : AdminVerdict;
}
