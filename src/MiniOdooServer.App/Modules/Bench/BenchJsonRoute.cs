using Microsoft.AspNetCore.Http;
using MiniOdooServer.App.Http;
using MiniOdooServer.App.Modules.Bench.Payload;

namespace MiniOdooServer.App.Modules.Bench;

/// <summary>
/// <c>/bench/json?kb=N</c>: builds and serialises about N KiB of records (CPU work, under the GIL when it is on) and
/// answers them as <c>payload</c>, beside the fields naming the process.
/// </summary>
internal sealed class BenchJsonRoute(ProcessIdentity identity, ICpuWorkload cpu)
{
    public async Task HandleAsync(HttpContext context)
    {
        if (!BenchParameter.Kibibytes.TryRead(context.Request.Query, out var kb, out var error))
        {
            await BenchAnswer.WriteErrorAsync(context, identity, StatusCodes.Status400BadRequest, error!);
            return;
        }
        var payload = await cpu.ComputeAsync(() => JsonPayload.Build(kb));
        await BenchAnswer.WriteAsync(context, identity, StatusCodes.Status200OK, writer =>
        {
            writer.WriteNumber("kb", kb);
            writer.WriteNumber("records", JsonPayload.RecordsFor(kb));
            writer.WriteNumber("payload_bytes", payload.Length);
            writer.WritePropertyName("payload");
            // Already valid JSON from the serializer: copied as it is, not parsed again.
            writer.WriteRawValue(payload, skipInputValidation: true);
        });
    }
}
