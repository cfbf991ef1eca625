namespace MiniOdooServer.FunctionalTests.Support;

/// <summary>A process's open descriptors as /proc shows them, read as a user of <c>ls -l /proc/PID/fd</c> would.</summary>
internal static class ProcessDescriptors
{
    /// <summary>
    /// Each descriptor's path under /proc and what it points to (<c>/memfd:mini-odoo-scoreboard (deleted)</c>, …); one
    /// closed between the listing and the read is left out (mini-odoo opens files as it runs).
    /// </summary>
    public static IEnumerable<(string Path, string Target)> Of(int pid)
    {
        foreach (var descriptor in Directory.GetFiles($"/proc/{pid}/fd"))
        {
            string? target;
            try
            {
                target = new FileInfo(descriptor).LinkTarget;
            }
            catch (IOException)
            {
                continue;
            }
            if (target is not null)
            {
                yield return (descriptor, target);
            }
        }
    }
}
