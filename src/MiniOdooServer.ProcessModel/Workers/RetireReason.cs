using Microsoft.Extensions.Logging;
using MiniOdooServer.ProcessModel.Scoreboards;

namespace MiniOdooServer.ProcessModel.Workers;

/// <summary>
/// Why a worker leaves on its own: <paramref name="Reason"/> is what it tells its master (<c>limit_request</c>, …,
/// which the master files under an <see cref="ExitReason"/>), <paramref name="LogLine"/> what it logs.
/// </summary>
public sealed record RetireReason(string Reason, string LogLine, LogLevel Level = LogLevel.Information)
{
    public ExitReason Category => ExitReasons.Classify(Reason);
}
