using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using MiniOdooServer.App.Http.Diagnostics;
using MiniOdooServer.App.JsonRpc;
using MiniOdooServer.App.Modules.Bus;
using MiniOdooServer.Configuration.Options;

namespace MiniOdooServer.App.Http;

/// <summary>
/// A request the client got wrong — a body over the limit, broken chunked encoding, a body too slow or cut short — is
/// answered with its own status (413, 400, 408) in Odoo's error shape and logged as one WARNING line without a stack
/// trace, at most once a minute per kind: a client's mistake is neither a server fault nor a lever to flood the log.
/// </summary>
internal sealed class ClientFaults(HttpServerSettings settings, TimeProvider time)
{
    private readonly ILogger _log = settings.LoggerFactory.CreateLogger(LoggerNames.Http);
    private readonly Dictionary<int, ThrottledLog> _byStatus = [];

    public async Task AnswerAsync(HttpContext context, BadHttpRequestException fault)
    {
        var request = context.Request;
        Throttle(fault.StatusCode).Warn(string.Create(CultureInfo.InvariantCulture,
            $"Client fault, answered {fault.StatusCode}: {request.Method} {request.Path.Value} from {context.Connection.RemoteIpAddress}: {fault.Message}"));
        if (context.Response.HasStarted)
        {
            context.Abort();
            return;
        }
        context.Response.Clear();
        // The rest of the body, if any, will not be read: the connection cannot carry another request.
        context.Response.Headers.Connection = "close";
        try
        {
            await JsonBody.WriteErrorAsync(context.Response, fault.StatusCode, ErrorFor(fault));
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or InvalidOperationException)
        {
            context.Abort();
        }
    }

    public static OdooError ErrorFor(BadHttpRequestException fault) => fault.StatusCode switch
    {
        StatusCodes.Status413PayloadTooLarge => new OdooError("werkzeug.exceptions.RequestEntityTooLarge",
            $"413 Request Entity Too Large: {fault.Message}", Code: 413, Title: "413: Request Entity Too Large"),
        StatusCodes.Status408RequestTimeout => new OdooError("werkzeug.exceptions.RequestTimeout",
            $"408 Request Timeout: {fault.Message}", Code: 408, Title: "408: Request Timeout"),
        _ => new OdooError("werkzeug.exceptions.BadRequest",
            $"{fault.StatusCode} Bad Request: {fault.Message}", Code: fault.StatusCode, Title: "400: Bad Request"),
    };

    private ThrottledLog Throttle(int status)
    {
        lock (_byStatus)
        {
            if (!_byStatus.TryGetValue(status, out var throttle))
            {
                _byStatus[status] = throttle = new ThrottledLog(_log, time, ThrottledLog.DefaultInterval);
            }
            return throttle;
        }
    }
}
