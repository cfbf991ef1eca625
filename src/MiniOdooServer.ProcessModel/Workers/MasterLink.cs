using System.IO.Pipes;
using System.Text;

namespace MiniOdooServer.ProcessModel.Workers;

/// <summary>
/// A worker's two pipes to its master. The status pipe carries <see cref="WorkerMessage"/> lines up (Odoo's watchdog
/// pipe, with state); the control pipe carries nothing down, but its end-of-file means the master is gone, even if
/// it was SIGKILLed — then the worker must exit at once, so that no worker outlives its master.
/// It lives as long as the process: closing the control pipe under the watch thread's blocked read would hang.
/// </summary>
public sealed class MasterLink : IMasterLink
{
    private readonly AnonymousPipeClientStream _status;
    private readonly AnonymousPipeClientStream _control;
    private readonly object _writeLock = new();

    public MasterLink(WorkerEnvironment environment)
    {
        _status = new AnonymousPipeClientStream(PipeDirection.Out, environment.StatusPipe);
        _control = new AnonymousPipeClientStream(PipeDirection.In, environment.ControlPipe);
    }

    /// <summary>Sends a message; a master that is gone is not an error here (the control pipe reports it).</summary>
    public void Send(WorkerMessage message)
    {
        var bytes = Encoding.ASCII.GetBytes(message.Format() + "\n");
        lock (_writeLock)
        {
            try
            {
                _status.Write(bytes);
                _status.Flush();
            }
            catch (IOException)
            {
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }

    /// <summary>Calls <paramref name="masterGone"/> (on a dedicated thread) when the master's end of the control pipe closes.</summary>
    public void WatchMaster(Action masterGone)
    {
        var thread = new Thread(() =>
        {
            var buffer = new byte[64];
            try
            {
                while (_control.Read(buffer) > 0)
                {
                }
            }
            catch (IOException)
            {
            }
            masterGone();
        })
        { IsBackground = true, Name = "mini-odoo master watch" };
        thread.Start();
    }
}
