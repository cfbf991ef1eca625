using System.Net;
using System.Text.Json;

namespace MiniOdooServer.FunctionalTests.Support;

/// <summary>A bench route's JSON answer, which must be a 200 (the failure says the status and the body).</summary>
internal static class BenchJson
{
    public static async Task<JsonElement> GetAsync(int port, string path)
    {
        using var response = await Servers.Http.GetAsync($"http://127.0.0.1:{port}{path}");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
