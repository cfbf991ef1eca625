using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using MiniOdooServer.App.Http.Diagnostics;
using MiniOdooServer.App.JsonRpc;
using MiniOdooServer.App.Modules.Bus;
using MiniOdooServer.Configuration.Options;

namespace MiniOdooServer.App.Security;

/// <summary>
/// The guard of every route the admin password opens (publishing, cron triggers, channel tokens; the status and bench
/// routes for clients outside <c>local_networks</c>). Safe by default, Odoo-compatible by choice: an empty
/// <c>admin_passwd</c> opens nothing; the default one (<c>admin</c>) opens these routes to local clients only; a
/// client whose credentials were refused too often is answered 429 before its credential is looked at
/// (<see cref="FailedAttemptThrottle"/>). Refusals are logged, at most once a minute per kind.
/// </summary>
internal sealed class AdminGuard
{
    private readonly string _password;
    private readonly ThrottledLog _refusals;
    private readonly ThrottledLog _throttled;

    public AdminGuard(ServerOptions options, TimeProvider time, ILogger log)
    {
        _password = options.AdminPassword;
        Local = new LocalNetworks(options.LocalNetworks);
        Throttle = new FailedAttemptThrottle(time);
        _refusals = new ThrottledLog(log, time, ThrottledLog.DefaultInterval);
        _throttled = new ThrottledLog(log, time, ThrottledLog.DefaultInterval);
    }

    public LocalNetworks Local { get; }

    public FailedAttemptThrottle Throttle { get; }

    /// <summary>Whether the request carries the admin password and may use it from where it comes.</summary>
    public AdminVerdict Check(HttpContext context)
    {
        var client = FailedAttemptThrottle.KeyOf(context.Connection.RemoteIpAddress);
        if (!Throttle.MayTry(client, out var retryAfter))
        {
            _throttled.Warn($"Too many refused admin credentials from {client}: answering 429 (last asked: {context.Request.Path})");
            return new AdminVerdict.Throttled(retryAfter);
        }
        if (Refusal(context) is not { } reason)
        {
            return AdminVerdict.Allowed;
        }
        Throttle.RecordFailure(client);
        _refusals.Warn($"Refused admin access to {context.Request.Path} from {client}: {reason}");
        return new AdminVerdict.Forbidden(reason);
    }

    /// <summary>A local client passes without a password; any other needs it (the status and bench routes).</summary>
    public AdminVerdict CheckUnlessLocal(HttpContext context) => Local.IsLocal(context) ? AdminVerdict.Allowed : Check(context);

    /// <summary>True when <see cref="Check"/> allows the request; otherwise answers 403 or 429 naming <paramref name="action"/>.</summary>
    public Task<bool> AdmitAsync(HttpContext context, string action) => AnswerAsync(context, Check(context), action);

    /// <summary>The same with <see cref="CheckUnlessLocal"/>.</summary>
    public Task<bool> AdmitUnlessLocalAsync(HttpContext context, string action) => AnswerAsync(context, CheckUnlessLocal(context), action);

    /// <summary>Why the request is refused, or null. The cheap refusals come first; every one of them counts as a failure.</summary>
    private string? Refusal(HttpContext context)
    {
        if (_password.Length == 0)
        {
            return "admin_passwd is empty, which closes every route it guards";
        }
        if (_password == ServerOptions.DefaultAdminPassword && !Local.IsLocal(context))
        {
            // Whatever the client sent: the default password is public knowledge.
            return "admin_passwd is still the default, which is accepted from local_networks only";
        }
        return AdminBearer.Matches(AdminBearer.ReadToken(context.Request.Headers.Authorization), _password)
            ? null
            : "needs Authorization: Bearer <admin_passwd>";
    }

    private static async Task<bool> AnswerAsync(HttpContext context, AdminVerdict verdict, string action)
    {
        switch (verdict)
        {
            case AdminVerdict.Forbidden forbidden:
                await JsonBody.WriteErrorAsync(context.Response, StatusCodes.Status403Forbidden, OdooError.Forbidden($"{action}: {forbidden.Reason}"));
                return false;
            case AdminVerdict.Throttled throttled:
                var seconds = Math.Max(1, (int)Math.Ceiling(throttled.RetryAfter.TotalSeconds));
                context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await JsonBody.WriteErrorAsync(context.Response, StatusCodes.Status429TooManyRequests, OdooError.TooManyRequests(
                    $"too many refused admin credentials from this address: try again in {seconds} s"));
                return false;
            default:
                return true;
        }
    }
}
