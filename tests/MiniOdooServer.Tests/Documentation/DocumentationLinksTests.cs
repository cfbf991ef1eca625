using MiniOdooServer.Tests.Configuration;

namespace MiniOdooServer.Tests.Documentation;

/// <summary>
/// The README is a manual that fits on a few screens and links to docs/ for the rest: every relative link of the
/// README and of docs/*.md reaches a file (and a heading, for an anchor), every page of docs/ is reachable from the
/// README, and the README stays within its budget.
/// </summary>
public sealed class DocumentationLinksTests
{
    /// <summary>12 KiB: what the README may weigh; the rest belongs in docs/.</summary>
    private const int ReadmeBudget = 12 * 1024;

    public static TheoryData<string> Documents() => new(DocumentPaths());

    [Fact]
    public void TheReadmeStaysWithinItsBudget()
    {
        var size = new FileInfo(Path.Combine(OptionsTableTests.RepositoryRoot(), "README.md")).Length;

        Assert.True(size <= ReadmeBudget, $"README.md weighs {size} bytes, over {ReadmeBudget}: move the details to docs/ and link them");
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void EveryRelativeLinkReachesAFileAndItsHeading(string relativePath)
    {
        var path = Path.Combine(OptionsTableTests.RepositoryRoot(), relativePath);
        var document = MarkdownDocument.Read(path);

        var broken = document.Links.Select(link => WhyBroken(path, document, link)).OfType<string>().ToArray();

        Assert.True(broken.Length == 0, $"{relativePath} has broken links:\n{string.Join('\n', broken)}");
    }

    [Fact]
    public void EveryPageOfDocsIsReachableFromTheReadme()
    {
        var root = OptionsTableTests.RepositoryRoot();
        var reached = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Queue<string>([Path.Combine(root, "README.md")]);
        while (pending.TryDequeue(out var page))
        {
            if (!reached.Add(page) || !File.Exists(page))
            {
                continue;
            }
            foreach (var link in MarkdownDocument.Read(page).Links.Where(IsRelative))
            {
                var target = Resolve(page, link);
                if (target.EndsWith(".md", StringComparison.Ordinal))
                {
                    pending.Enqueue(target);
                }
            }
        }

        var orphans = DocumentPaths().Select(p => Path.Combine(root, p)).Where(p => !reached.Contains(p))
            .Select(p => Path.GetRelativePath(root, p)).ToArray();
        Assert.True(orphans.Length == 0, $"not linked from README.md nor from a page it links: {string.Join(", ", orphans)}");
    }

    [Theory]
    [InlineData("Idle realtime connections, measured", "idle-realtime-connections-measured")]
    [InlineData("`limit_time_real` watches idle workers too", "limit_time_real-watches-idle-workers-too")]
    [InlineData("Scheduling (Odoo's semantics)", "scheduling-odoos-semantics")]
    [InlineData("Binary upgrade (SIGUSR2)", "binary-upgrade-sigusr2")]
    [InlineData("Long-polling: `last` and `options.peek`", "long-polling-last-and-optionspeek")]
    [InlineData("See [the bus](bus.md) — twice", "see-the-bus--twice")]
    public void AnchorsAreGitHubs(string heading, string anchor)
    {
        Assert.Equal(anchor, MarkdownDocument.Slug(heading));
    }

    [Fact]
    public void ARepeatedHeadingIsNumberedAndCodeIsNoLink()
    {
        var document = MarkdownDocument.Parse("# Title\n## Notes\n## Notes\n```ini\n[cron:x](not-a-link)\n```\nsee `[a](b)` and [c](d.md#notes-1)\n");

        Assert.Equal(["notes", "notes-1", "title"], document.Anchors.Order(StringComparer.Ordinal));
        Assert.Equal(["d.md#notes-1"], document.Links);
    }

    private static IEnumerable<string> DocumentPaths()
    {
        var root = OptionsTableTests.RepositoryRoot();
        yield return "README.md";
        foreach (var path in Directory.EnumerateFiles(Path.Combine(root, "docs"), "*.md").Order(StringComparer.Ordinal))
        {
            yield return Path.GetRelativePath(root, path);
        }
    }

    private static bool IsRelative(string link) => !link.Contains("://", StringComparison.Ordinal) && !link.StartsWith("mailto:", StringComparison.Ordinal);

    /// <summary>The file a relative link names, from the folder of the page holding it (the page itself for "#anchor").</summary>
    private static string Resolve(string page, string link)
    {
        var file = Uri.UnescapeDataString(link.Split('#')[0]);
        return file.Length == 0 ? page : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(page)!, file));
    }

    /// <summary>Why a link of <paramref name="page"/> leads nowhere; null when it reaches its file and heading (or is absolute).</summary>
    private static string? WhyBroken(string page, MarkdownDocument document, string link)
    {
        if (!IsRelative(link))
        {
            return null;
        }
        var target = Resolve(page, link);
        if (!File.Exists(target) && !Directory.Exists(target))
        {
            return $"{link}: no such file";
        }
        var hash = link.IndexOf('#', StringComparison.Ordinal);
        if (hash < 0 || !target.EndsWith(".md", StringComparison.Ordinal))
        {
            return null;
        }
        var anchor = link[(hash + 1)..];
        var anchors = target == page ? document.Anchors : MarkdownDocument.Read(target).Anchors;
        return anchors.Contains(anchor) ? null : $"{link}: no heading with the anchor #{anchor}";
    }
}
