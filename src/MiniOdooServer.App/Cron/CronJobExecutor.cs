using System.Buffers;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using MiniOdooServer.App.Bus;
using MiniOdooServer.App.Http;
using MiniOdooServer.App.Modules.Bench;
using MiniOdooServer.Configuration.Cron;
using MiniOdooServer.Configuration.Options;

namespace MiniOdooServer.App.Cron;

/// <summary>
/// The built-in actions. <c>bus.send</c> publishes <c>{"type": "cron.run", "payload": {job, pid, role, generation,
/// scheduled_at, ran_at}}</c>; <c>bus.gc</c> deletes messages past bus_gc_retention_seconds; <c>http</c> requests
/// one of this server's routes over loopback; <c>bench.cpu</c> and <c>bench.io</c> are the bench module's workloads.
/// </summary>
public sealed partial class CronJobExecutor(
    IBusStore bus, ServerOptions options, ProcessIdentity identity, HttpClient http, TimeProvider time, ILogger log) : ICronJobExecutor
{
    public const string MessageType = "cron.run";

    public async Task RunAsync(CronJobDefinition job, CronClaim claim, CancellationToken cancellationToken)
    {
        switch (job.Action)
        {
            case CronAction.BusSend:
                await bus.SendAsync(job.Channel, Message(job, claim), cancellationToken);
                break;
            case CronAction.BusGc:
                var deleted = await bus.DeleteOlderThanAsync(time.GetUtcNow() - TimeSpan.FromSeconds(options.Bus.GcRetentionSeconds), cancellationToken);
                LogCollected(deleted);
                break;
            case CronAction.Http:
                await RequestAsync(job, cancellationToken);
                break;
            case CronAction.BenchCpu:
                // 1 unit = 1 ms of thread CPU time, burned a millisecond at a time so that a cancelled job
                // (threaded limit, stop) ends within a millisecond.
                new CpuBurner().BurnUntil(new CpuWork(), TimeSpan.FromMilliseconds(job.Units), cancellationToken);
                break;
            case CronAction.BenchIo:
                await Task.Delay(TimeSpan.FromMilliseconds(job.Milliseconds), time, cancellationToken);
                break;
        }
    }

    /// <summary>The base address of this server's own HTTP port: loopback when it listens on every interface.</summary>
    public static Uri OwnAddress(ServerOptions options)
    {
        var host = options.HttpInterface switch
        {
            "" or "0.0.0.0" => "127.0.0.1",
            "::" => "[::1]",
            var address when IPAddress.TryParse(address, out var ip) && ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 => $"[{address}]",
            var address => address,
        };
        return new Uri($"http://{host}:{options.HttpPort}");
    }

    private async Task RequestAsync(CronJobDefinition job, CancellationToken cancellationToken)
    {
        if (!options.HttpEnable)
        {
            throw new InvalidOperationException("this node serves no HTTP (--no-http)");
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(job.TimeoutSeconds), time);
        using var token = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        using var request = new HttpRequestMessage(new HttpMethod(job.Method), new Uri(OwnAddress(options), job.Path));
        if (job.Method == "POST")
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        }
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token.Token);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"{job.Method} {job.Path} answered {(int)response.StatusCode}");
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{job.Method} {job.Path} did not answer within {job.TimeoutSeconds}s");
        }
    }

    private string Message(CronJobDefinition job, CronClaim claim)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type", MessageType);
            writer.WriteStartObject("payload");
            writer.WriteString("job", job.Name);
            writer.WriteNumber("pid", identity.Pid);
            writer.WriteString("role", identity.Role);
            writer.WriteNumber("generation", identity.Generation);
            writer.WriteString("scheduled_at", claim.ScheduledAt.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
            writer.WriteString("ran_at", time.GetUtcNow().UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    [LoggerMessage(1, LogLevel.Information, "Bus GC: {Count} message(s) past the retention deleted")]
    private partial void LogCollected(int count);
}
