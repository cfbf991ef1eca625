using System.Globalization;
using Microsoft.Extensions.Logging;
using MiniOdooServer.ProcessModel.Native;
using MiniOdooServer.ProcessModel.Signals;

namespace MiniOdooServer.ProcessModel.Master;

/// <summary>
/// The new master of a binary upgrade, when it is ready (its first <c>READY=1</c>): tells the service manager it is
/// the main process now (<c>MAINPID</c>), then stops the master it replaces with SIGTERM, which drains. Wraps the
/// service manager the master reports to, so readiness is decided in one place (<see cref="ServiceManagerReport"/>).
/// </summary>
public sealed class PredecessorHandOver(IServiceManager inner, int predecessor, ILogger log) : IServiceManager
{
    private bool _handedOver;

    public bool Listening => true;

    public TimeSpan? WatchdogInterval => inner.WatchdogInterval;

    public void Notify(string state)
    {
        if (!_handedOver && state.StartsWith("READY=1", StringComparison.Ordinal))
        {
            _handedOver = true;
            state = string.Create(CultureInfo.InvariantCulture, $"MAINPID={Environment.ProcessId}\n{state}");
            if (inner.Listening)
            {
                inner.Notify(state);
            }
            log.LogInformation("Upgrade: this master's workers accept; stopping the master it replaces (pid {Pid})", predecessor);
            LibC.kill(predecessor, (int)ProcessSignal.Term);
            return;
        }
        if (inner.Listening)
        {
            inner.Notify(state);
        }
    }
}
