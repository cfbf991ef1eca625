using MiniOdooServer.Configuration.Options;

namespace MiniOdooServer.App.Security;

/// <summary>
/// Which channels a client may read. Channels are public, as in Odoo, except those <c>bus_private_channels</c> names
/// (a trailing <c>*</c> matches a prefix): one of those is read only with its token (<see cref="ChannelTokens"/>);
/// without one it is left out of the subscription, as Odoo drops the channels a user may not read — neither its new
/// messages nor its history reach the client. The secret is loaded on first need.
/// </summary>
internal sealed class ChannelAccess
{
    private readonly IReadOnlyList<string> _patterns;
    private readonly Lazy<ChannelTokens> _tokens;

    public ChannelAccess(IReadOnlyList<string> privatePatterns, Func<byte[]> loadSecret)
    {
        _patterns = privatePatterns;
        _tokens = new Lazy<ChannelTokens>(() => new ChannelTokens(loadSecret()));
    }

    public static ChannelAccess From(ServerOptions options) => new(options.Bus.PrivateChannels, () => ChannelSecret.Load(options));

    public bool IsPrivate(string channel)
    {
        foreach (var pattern in _patterns)
        {
            if (pattern.EndsWith('*')
                    ? channel.StartsWith(pattern.AsSpan(0, pattern.Length - 1), StringComparison.Ordinal)
                    : channel == pattern)
            {
                return true;
            }
        }
        return false;
    }

    public string IssueToken(string channel) => _tokens.Value.Issue(channel);

    /// <summary><paramref name="channels"/> without the private ones that <paramref name="tokens"/> does not open.</summary>
    public IReadOnlyList<string> Readable(IReadOnlyList<string> channels, IReadOnlyDictionary<string, string>? tokens)
    {
        if (_patterns.Count == 0 || !channels.Any(IsPrivate))
        {
            return channels;
        }
        return channels
            .Where(channel => !IsPrivate(channel) ||
                              (tokens is not null && tokens.TryGetValue(channel, out var token) && _tokens.Value.IsValid(channel, token)))
            .ToList();
    }
}
