using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;

namespace MiniOdooServer.App.Http.Diagnostics;

/// <summary>
/// The fields of one request's access line, read as the request ends. A struct of the request's own values, so that
/// no request allocates for its line: the target string is built only where the path needs escaping.
/// </summary>
public readonly struct AccessLogEntry(
    IPAddress? client, string method, PathString pathBase, PathString path, QueryString query, string protocol, int status, TimeSpan duration)
{
    /// <summary>The client's address (the proxy's client under proxy_mode); null is written <c>-</c>.</summary>
    public IPAddress? Client { get; } = client;

    public string Method { get; } = method;

    public PathString PathBase { get; } = pathBase;

    public PathString Path { get; } = path;

    public QueryString Query { get; } = query;

    public string Protocol { get; } = protocol;

    public int Status { get; } = status;

    /// <summary>From the request's start to its line.</summary>
    public TimeSpan Duration { get; } = duration;

    /// <summary>The request target as the line has always shown it: the encoded path and query (<c>GetEncodedPathAndQuery</c>).</summary>
    public string Target => UriHelper.BuildRelative(PathBase, Path, Query);

    public static AccessLogEntry From(HttpContext context, TimeSpan duration)
    {
        var request = context.Request;
        return new AccessLogEntry(context.Connection.RemoteIpAddress, request.Method, request.PathBase, request.Path,
            request.QueryString, request.Protocol, context.Response.StatusCode, duration);
    }
}
