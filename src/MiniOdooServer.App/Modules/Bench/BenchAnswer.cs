using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using MiniOdooServer.App.Http;

namespace MiniOdooServer.App.Modules.Bench;

/// <summary>
/// Every bench answer: a JSON object naming the process that served it (<c>pid</c>, <c>role</c>, <c>generation</c>)
/// followed by the workload's fields. Written with a Utf8JsonWriter into a buffer, so the length is known up front.
/// </summary>
internal static class BenchAnswer
{
    // Answers are read by tools, never embedded in HTML: quotes in messages stay readable instead of \u0027.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Task WriteAsync(HttpContext context, ProcessIdentity identity, int status, Action<Utf8JsonWriter> fields)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteNumber("pid", identity.Pid);
            writer.WriteString("role", identity.Role);
            writer.WriteNumber("generation", identity.Generation);
            fields(writer);
            writer.WriteEndObject();
        }
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = "application/json";
        response.ContentLength = buffer.WrittenCount;
        return response.Body.WriteAsync(buffer.WrittenMemory, CancellationToken.None).AsTask();
    }

    /// <summary>Names the process in headers, for answers whose body is not a bench JSON object (the echo).</summary>
    public static void NameProcess(HttpResponse response, ProcessIdentity identity)
    {
        response.Headers["X-Mini-Odoo-Pid"] = identity.Pid.ToString(CultureInfo.InvariantCulture);
        response.Headers["X-Mini-Odoo-Role"] = identity.Role;
        response.Headers["X-Mini-Odoo-Generation"] = identity.Generation.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// What a computation measured: <c>thread_cpu_ms</c> (its threads' CPU time), <c>gil_wait_ms</c> (wall time queued
    /// for the GIL), <c>computing_peak</c> (most requests of the process computing at once meanwhile), and the
    /// iterations and checksum of the work.
    /// </summary>
    public static void WriteWork(Utf8JsonWriter writer, CpuWorkResult work)
    {
        writer.WriteNumber("thread_cpu_ms", Math.Round(work.Cpu.TotalMilliseconds, 3));
        writer.WriteNumber("gil_wait_ms", Math.Round(work.GilWait.TotalMilliseconds, 3));
        writer.WriteNumber("computing_peak", work.ComputingPeak);
        writer.WriteNumber("iterations", work.Iterations);
        writer.WriteNumber("checksum", work.Checksum);
    }

    /// <summary>A 4xx/5xx answer: <c>{"pid", "role", "generation", "error": message}</c>.</summary>
    public static Task WriteErrorAsync(HttpContext context, ProcessIdentity identity, int status, string message) =>
        WriteAsync(context, identity, status, writer => writer.WriteString("error", message));
}
