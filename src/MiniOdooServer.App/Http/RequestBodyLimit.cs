namespace MiniOdooServer.App.Http;

/// <summary>
/// Endpoint metadata: the largest request body a route accepts, when smaller than <see cref="ClientLimits.MaxBodyBytes"/>.
/// Read before the body is, so that a prefork worker never buffers more than the route would take.
/// </summary>
public sealed record RequestBodyLimit(long Bytes);
