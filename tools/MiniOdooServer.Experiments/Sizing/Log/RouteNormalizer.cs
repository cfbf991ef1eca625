namespace MiniOdooServer.Experiments.Sizing.Log;

/// <summary>
/// Groups request paths into routes: query string dropped, numeric ids, hex digests and uuids replaced by
/// <c>&lt;id&gt;</c>, so that <c>/web/image/res.partner/42/avatar_128</c> and <c>…/43/…</c> count as one route.
/// <c>/web/dataset/call_kw/&lt;model&gt;/&lt;method&gt;</c> keeps its model and method: they are what tells the routes apart.
/// </summary>
internal static class RouteNormalizer
{
    public const string Id = "<id>";

    public static string Normalize(string path)
    {
        var end = path.AsSpan().IndexOfAny('?', '#');
        var bare = end >= 0 ? path.AsSpan(0, end) : path.AsSpan();
        if (bare.IsEmpty) return "/";
        if (!NeedsRewrite(bare)) return end >= 0 ? bare.ToString() : path;

        var segments = bare.ToString().Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            if (IsIdentifier(segments[i])) segments[i] = Id;
        }
        return string.Join('/', segments);
    }

    private static bool NeedsRewrite(ReadOnlySpan<char> path)
    {
        foreach (var range in path.Split('/'))
        {
            if (IsIdentifier(path[range])) return true;
        }
        return false;
    }

    /// <summary>
    /// A segment that names one record or one file version rather than a route: digits (<c>42</c>), an id with its
    /// checksum (<c>42-9f8e7d6</c>, Odoo's attachment and asset URLs), a hex digest of 8+ characters with a digit, a uuid.
    /// </summary>
    internal static bool IsIdentifier(ReadOnlySpan<char> segment)
    {
        if (segment.IsEmpty) return false;
        if (IsDigits(segment)) return true;
        var dash = segment.IndexOf('-');
        if (dash > 0 && IsDigits(segment[..dash]) && IsHex(segment[(dash + 1)..])) return true;
        if (segment.Length == 36 && IsUuid(segment)) return true;
        return segment.Length >= 8 && IsHex(segment) && segment.ContainsAnyInRange('0', '9');
    }

    private static bool IsDigits(ReadOnlySpan<char> s) => !s.IsEmpty && !s.ContainsAnyExceptInRange('0', '9');

    private static bool IsHex(ReadOnlySpan<char> s)
    {
        if (s.IsEmpty) return false;
        foreach (var c in s)
        {
            if (!char.IsAsciiHexDigit(c)) return false;
        }
        return true;
    }

    private static bool IsUuid(ReadOnlySpan<char> s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            var dash = i is 8 or 13 or 18 or 23;
            if (dash ? s[i] != '-' : !char.IsAsciiHexDigit(s[i])) return false;
        }
        return true;
    }
}
