using System.Globalization;
using System.Net;
using System.Text.Json;

namespace MiniOdooServer.Experiments.Sizing.Replay;

/// <summary>
/// Replays a request as <c>GET /bench/replay?sql_ms=&amp;cpu_ms=&amp;queries=</c> on a new connection each time
/// (<c>Connection: close</c>, as Odoo's prefork workers and werkzeug serve: a kept-alive connection would pin the next
/// request to a worker that may be busy). No connection cap: an open loop must never wait for a free connection.
/// </summary>
internal sealed class HttpReplaySender : IReplaySender, IDisposable
{
    /// <summary>The route's ceilings: a logged figure above them is replayed at the ceiling (and counted by the caller).</summary>
    public const double MaxSqlMs = 10_000;
    public const double MaxCpuMs = 10_000;
    public const int MaxQueries = 10_000;

    private readonly HttpClient _client;
    private readonly string _baseUrl;

    public HttpReplaySender(string baseUrl, TimeSpan timeout)
    {
        _baseUrl = baseUrl.TrimEnd('/');
        _client = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = int.MaxValue,
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = timeout,
        })
        {
            Timeout = timeout,
        };
    }

    /// <summary>The request target for <paramref name="request"/>, its figures clamped to the route's ceilings.</summary>
    /// <remarks>SQL time needs a round trip to be spent in: a line with SQL seconds and no query count gets one.</remarks>
    public static string PathOf(ReplayRequest request)
    {
        var sql = Math.Clamp(request.SqlMs, 0, MaxSqlMs);
        var queries = Math.Clamp(request.Queries, sql > 0 ? 1 : 0, MaxQueries);
        return string.Create(CultureInfo.InvariantCulture,
            $"/bench/replay?sql_ms={sql:0.###}&cpu_ms={Math.Clamp(request.CpuMs, 0, MaxCpuMs):0.###}&queries={queries}");
    }

    public async Task<ReplayAnswer> SendAsync(ReplayRequest request, CancellationToken cancellation)
    {
        using var message = new HttpRequestMessage(HttpMethod.Get, _baseUrl + PathOf(request));
        message.Headers.ConnectionClose = true;
        try
        {
            using var response = await _client.SendAsync(message, cancellation);
            var body = await response.Content.ReadAsByteArrayAsync(cancellation);
            var status = (int)response.StatusCode;
            if (status is < 200 or > 299)
            {
                return ReplayAnswer.Failed(status, $"HTTP {status}");
            }
            return TryReadIdentity(body, out var pid, out var role)
                ? ReplayAnswer.Served(status, pid, role)
                : ReplayAnswer.Failed(status, "an answer that names no mini-odoo process");
        }
        catch (HttpRequestException e)
        {
            return ReplayAnswer.Failed(0, e.HttpRequestError.ToString());
        }
        catch (TaskCanceledException) when (!cancellation.IsCancellationRequested)
        {
            return ReplayAnswer.Failed(0, "timeout");
        }
        catch (IOException)
        {
            return ReplayAnswer.Failed(0, "connection reset");
        }
    }

    /// <summary>The <c>pid</c> and <c>role</c> every bench answer starts with.</summary>
    public static bool TryReadIdentity(ReadOnlySpan<byte> body, out int pid, out string role)
    {
        pid = 0;
        role = "";
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString();
                reader.Read();
                if (name == "pid" && reader.TokenType == JsonTokenType.Number)
                {
                    pid = reader.GetInt32();
                }
                else if (name == "role" && reader.TokenType == JsonTokenType.String)
                {
                    role = reader.GetString() ?? "";
                }
                else
                {
                    reader.Skip();
                }
            }
        }
        catch (JsonException)
        {
            return false;
        }
        return pid > 0 && role.Length > 0;
    }

    public void Dispose() => _client.Dispose();
}
