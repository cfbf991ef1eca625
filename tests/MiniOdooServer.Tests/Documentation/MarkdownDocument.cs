using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace MiniOdooServer.Tests.Documentation;

/// <summary>
/// The link targets and heading anchors of one Markdown file, as GitHub renders them. Fenced code blocks and code
/// spans are not read for links (<c>[cron:x]</c> in an example is no link), but a code span in a heading keeps its
/// text in the anchor, as on GitHub.
/// </summary>
internal sealed partial class MarkdownDocument
{
    private MarkdownDocument(IReadOnlyList<string> links, IReadOnlySet<string> anchors)
    {
        Links = links;
        Anchors = anchors;
    }

    /// <summary>Every link target, in order: <c>path</c>, <c>path#anchor</c>, <c>#anchor</c> or an absolute URL.</summary>
    public IReadOnlyList<string> Links { get; }

    /// <summary>The anchors GitHub gives the headings, a repeated heading numbered as GitHub numbers it.</summary>
    public IReadOnlySet<string> Anchors { get; }

    public static MarkdownDocument Read(string path) => Parse(File.ReadAllText(path));

    public static MarkdownDocument Parse(string text)
    {
        var links = new List<string>();
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var fence = (string?)null;
        foreach (var line in text.ReplaceLineEndings("\n").Split('\n'))
        {
            var trimmed = line.TrimStart();
            if (fence is not null)
            {
                if (trimmed.StartsWith(fence, StringComparison.Ordinal))
                {
                    fence = null;
                }
                continue;
            }
            if (trimmed.StartsWith("```", StringComparison.Ordinal) || trimmed.StartsWith("~~~", StringComparison.Ordinal))
            {
                fence = trimmed[..3];
                continue;
            }
            if (Heading().Match(line) is { Success: true } heading)
            {
                var slug = Slug(heading.Groups["text"].Value);
                var count = seen.GetValueOrDefault(slug);
                seen[slug] = count + 1;
                anchors.Add(count == 0 ? slug : $"{slug}-{count}");
            }
            foreach (Match link in Link().Matches(CodeSpan().Replace(line, "code")))
            {
                links.Add(link.Groups["target"].Value);
            }
        }
        return new MarkdownDocument(links, anchors);
    }

    /// <summary>
    /// GitHub's anchor for a heading: the rendered text (a link's text, a code span's content) lower-cased, every
    /// character but letters, digits, spaces, hyphens and underscores removed, each space a hyphen.
    /// </summary>
    public static string Slug(string heading)
    {
        var rendered = InlineLink().Replace(heading.Trim(), "${text}");
        var slug = new StringBuilder(rendered.Length);
        foreach (var c in rendered.ToLowerInvariant())
        {
            if (c == ' ')
            {
                slug.Append('-');
            }
            else if (char.IsLetterOrDigit(c) || c is '-' or '_' ||
                     CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark)
            {
                slug.Append(c);
            }
        }
        return slug.ToString();
    }

    [GeneratedRegex(@"^ {0,3}#{1,6}[ \t]+(?<text>.*?)(?:[ \t]+#+)?[ \t]*$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"\]\((?<target>[^)\s]+)(?:\s+""[^""]*"")?\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"(`+).+?\1")]
    private static partial Regex CodeSpan();

    [GeneratedRegex(@"\[(?<text>[^\]]*)\]\([^)]*\)")]
    private static partial Regex InlineLink();
}
