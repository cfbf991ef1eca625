using System.Text.Json;
using MiniOdooServer.Experiments.Server;

namespace MiniOdooServer.Tests.Experiments.Sizing;

/// <summary>samples/logs/odoo-sample.log and the figures its generator put into it (odoo-sample.expected.json).</summary>
internal static class SampleLog
{
    public static string Path => System.IO.Path.Combine(Directory, "odoo-sample.log");

    public static string Directory => System.IO.Path.Combine(BinaryLocator.RepositoryRoot(AppContext.BaseDirectory), "samples", "logs");

    public static JsonElement Expected()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(System.IO.Path.Combine(Directory, "odoo-sample.expected.json")));
        return document.RootElement.Clone();
    }
}
