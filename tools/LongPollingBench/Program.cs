using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using LongPollingBench;

// usage: LongPollingBench ws|poll HOST:PORT SEND_HOST:SEND_PORT CONNECTIONS SERVER_PID [SOURCE_ADDRESSES]
//   ws    websockets with Odoo's subscribe event (mini-odoo)
//   poll  JSON-RPC /longpolling/poll (mini-odoo, and bench/gevent_longpoll.py)
// Holds CONNECTIONS idle subscribers of channel "bench", reports SERVER_PID's VmRSS, publishes one message with
// POST /bus/send (Bearer admin) and reports when each subscriber got it: p50, p99, max from the send.
if (args.Length < 5)
{
    Console.Error.WriteLine("usage: LongPollingBench ws|poll HOST:PORT SEND_HOST:SEND_PORT CONNECTIONS SERVER_PID [SOURCE_ADDRESSES]");
    return 2;
}
var mode = args[0];
var server = IPEndPoint.Parse(args[1]);
var sendTo = IPEndPoint.Parse(args[2]);
var count = int.Parse(args[3]);
var pid = int.Parse(args[4]);
var dialer = new LoopbackDialer(server, args.Length > 5 ? int.Parse(args[5]) : 4);
using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(15));

long VmRssKb() => long.Parse(File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:"))
    .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);

var rssIdle = VmRssKb();
// The last id before the broadcast: subscribers ask for what comes after it.
var last = await SendAsync("warmup", cancel.Token);

var received = new long[count];
// Subscribers keep their connections until every one got the message, as subscribers that stay would: thousands of
// closes during the broadcast would load both sides (server and client share the cores) and time the closes too.
// LONGPOLLING_BENCH_CLOSE_AT_ONCE=1 closes each one as soon as it got the message (the figures before 2026-11-25 13:30).
var closeAtOnce = Environment.GetEnvironmentVariable("LONGPOLLING_BENCH_CLOSE_AT_ONCE") == "1";
var deliveredCount = 0;
var allDelivered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
var connected = 0;
var clock = Stopwatch.StartNew();
var subscribers = new List<Task>(count);
var ready = new SemaphoreSlim(0);
using var gate = new SemaphoreSlim(200); // connect at most 200 at a time: the accept queue is finite
for (var i = 0; i < count; i++)
{
    var index = i;
    await gate.WaitAsync(cancel.Token);
    subscribers.Add(Task.Run(async () =>
    {
        Socket socket;
        try
        {
            socket = await dialer.ConnectAsync(cancel.Token);
        }
        finally
        {
            gate.Release();
        }
        Interlocked.Increment(ref connected);
        if (mode == "ws")
        {
            await WebSocketSubscriberAsync(socket, index);
        }
        else
        {
            await PollSubscriberAsync(socket, index);
        }
    }));
}
// Every subscriber says when it is subscribed (ws: the subscribe frame sent; poll: the request written).
for (var i = 0; i < count; i++)
{
    await ready.WaitAsync(cancel.Token);
}
var connectTook = clock.Elapsed;
// Let subscriptions settle and the server idle (two of its 4-second memory ticks); LONGPOLLING_BENCH_HOLD_SECONDS
// holds longer, e.g. to take a heap dump of the worker meanwhile.
var hold = int.TryParse(Environment.GetEnvironmentVariable("LONGPOLLING_BENCH_HOLD_SECONDS"), out var holdSeconds) ? holdSeconds : 10;
await Task.Delay(TimeSpan.FromSeconds(hold), cancel.Token);
GC.Collect();
var rssHolding = VmRssKb();
await Task.Delay(TimeSpan.FromSeconds(1), cancel.Token);
rssHolding = Math.Max(rssHolding, VmRssKb());

// Load-independent figures of the broadcast: CPU time the server (the worker that holds the subscribers) and this
// client spent from the send until every subscriber got the message, and the server's context switches.
var serverBefore = ServerUsage();
var clientBefore = Process.GetCurrentProcess().TotalProcessorTime;
var sentAt = clock.ElapsedTicks;
await SendAsync("bench", cancel.Token);
try
{
    await Task.WhenAll(subscribers).WaitAsync(TimeSpan.FromSeconds(60), cancel.Token);
}
catch (Exception e)
{
    Console.Error.WriteLine($"not every subscriber finished: {e.GetType().Name}: {e.Message}");
}
var serverAfter = ServerUsage();
var clientCpu = Process.GetCurrentProcess().TotalProcessorTime - clientBefore;
var latencies = received.Where(r => r > 0).Select(r => (r - sentAt) * 1000.0 / Stopwatch.Frequency).Order().ToArray();
double P(double q) => latencies.Length == 0 ? double.NaN : latencies[Math.Min(latencies.Length - 1, (int)Math.Ceiling(q * latencies.Length) - 1)];
Console.WriteLine($"mode={mode} connections={count} connected_in={connectTook.TotalSeconds:0.0}s delivered={latencies.Length}");
Console.WriteLine($"rss_idle_mb={rssIdle / 1024.0:0.0} rss_holding_mb={rssHolding / 1024.0:0.0} per_connection_kb={(rssHolding - rssIdle) / (double)count:0.0}");
Console.WriteLine($"latency_ms p50={P(0.5):0} p99={P(0.99):0} max={P(1):0}");
Console.WriteLine($"broadcast_cpu_ms server={(serverAfter.CpuNs - serverBefore.CpuNs) / 1e6:0} client={clientCpu.TotalMilliseconds:0} server_context_switches={serverAfter.ContextSwitches - serverBefore.ContextSwitches}");
return latencies.Length == count ? 0 : 1;

async Task<long> SendAsync(string channel, CancellationToken cancellationToken)
{
    using var http = new HttpClient();
    using var request = new HttpRequestMessage(HttpMethod.Post, $"http://{sendTo}/bus/send")
    {
        Content = new StringContent($$"""{"channel": "{{channel}}", "type": "bench", "payload": "hello"}"""),
    };
    request.Headers.Authorization = new("Bearer", "admin");
    using var response = await http.SendAsync(request, cancellationToken);
    var body = await response.Content.ReadAsStringAsync(cancellationToken);
    response.EnsureSuccessStatusCode();
    using var json = JsonDocument.Parse(body);
    return json.RootElement.GetProperty("id").GetInt64();
}

async Task WebSocketSubscriberAsync(Socket socket, int index)
{
    await HttpExchange.WriteAsync(socket,
        $"GET /websocket HTTP/1.1\r\nHost: {server}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n", "", cancel.Token);
    var (status, _) = await HttpExchange.ReadResponseAsync(socket, cancel.Token);
    if (status != 101)
    {
        ready.Release();
        throw new IOException($"websocket refused: {status}");
    }
    using var ws = WebSocket.CreateFromStream(new NetworkStream(socket, ownsSocket: true), isServer: false, subProtocol: null,
        keepAliveInterval: Timeout.InfiniteTimeSpan);
    await ws.SendAsync(Encoding.UTF8.GetBytes($$$"""{"event_name": "subscribe", "data": {"channels": ["bench"], "last": {{{last}}}}}"""),
        WebSocketMessageType.Text, true, cancel.Token);
    ready.Release();
    var buffer = new byte[1024];
    var result = await ws.ReceiveAsync(buffer, cancel.Token);
    received[index] = clock.ElapsedTicks;
    if (buffer.AsSpan(0, result.Count).IndexOf("hello"u8) < 0)
    {
        throw new IOException("unexpected frame");
    }
    await DeliveredAsync();
    ws.Abort();
}

async Task PollSubscriberAsync(Socket socket, int index)
{
    using var _ = socket;
    var first = true;
    while (true)
    {
        var body = $$$"""{"jsonrpc": "2.0", "method": "call", "id": 1, "params": {"channels": ["bench"], "last": {{{last}}}}}""";
        await HttpExchange.WriteAsync(socket,
            $"POST /longpolling/poll HTTP/1.1\r\nHost: {server}\r\nContent-Type: application/json\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\n",
            body, cancel.Token);
        if (first)
        {
            ready.Release();
            first = false;
        }
        var (status, answer) = await HttpExchange.ReadResponseAsync(socket, cancel.Token);
        if (answer.AsSpan().IndexOf("hello"u8) >= 0)
        {
            received[index] = clock.ElapsedTicks;
            await DeliveredAsync();
            return;
        }
        if (status != 200)
        {
            throw new IOException($"poll answered {status}: {Encoding.UTF8.GetString(answer)}");
        }
        // An empty answer (the 50 s timeout) before the broadcast: poll again.
    }
}

/// <summary>
/// The server's CPU time (ns on a CPU, from each thread's schedstat: finer than the 10 ms ticks of /proc/PID/stat) and
/// context switches, summed over its threads.
/// </summary>
(long CpuNs, long ContextSwitches) ServerUsage()
{
    long cpu = 0, switches = 0;
    foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
    {
        try
        {
            cpu += long.Parse(File.ReadAllText($"{task}/schedstat").Split(' ')[0]);
            foreach (var line in File.ReadLines($"{task}/status"))
            {
                if (line.StartsWith("voluntary_ctxt_switches:") || line.StartsWith("nonvoluntary_ctxt_switches:"))
                {
                    switches += long.Parse(line.AsSpan(line.IndexOf(':') + 1).Trim());
                }
            }
        }
        catch (IOException)
        {
            // A thread that ended meanwhile.
        }
    }
    return (cpu, switches);
}

/// <summary>Counts a delivery; unless closing at once, waits until every subscriber got the message.</summary>
Task DeliveredAsync()
{
    if (Interlocked.Increment(ref deliveredCount) == count)
    {
        allDelivered.TrySetResult();
    }
    // Not WaitAsync(cancel.Token): 10,000 token registrations while the answers are timed; the main flow stops
    // waiting for the subscribers after 60 s anyway.
    return closeAtOnce ? Task.CompletedTask : allDelivered.Task;
}
