using MiniOdooServer.ProcessModel.Native;

namespace MiniOdooServer.ProcessModel.Signals;

/// <summary>
/// A shell starts background jobs (<c>mini-odoo &amp;</c>) with SIGINT and SIGQUIT ignored, <c>nohup</c> starts
/// programs with SIGHUP ignored, and the .NET runtime honours an inherited "ignore" for every signal but SIGTERM:
/// its handlers are never installed, so <c>kill -HUP</c> would not reload. Python's signal.signal overrides an
/// inherited "ignore", so Odoo reloads under nohup; here the only way is to reset the dispositions and execute the
/// program again before the runtime starts, which <see cref="ReexecuteIfIgnored"/> does (once, at start).
/// </summary>
public static class InheritedSignalDispositions
{
    /// <summary>Every signal some process of mini-odoo acts on (workers inherit the reset dispositions).</summary>
    private static readonly ProcessSignal[] Wanted =
    [
        ProcessSignal.Hup, ProcessSignal.Int, ProcessSignal.Quit, ProcessSignal.Usr1, ProcessSignal.Usr2,
        ProcessSignal.Term, ProcessSignal.Ttin, ProcessSignal.Ttou, ProcessSignal.Xcpu,
    ];

    public static void ReexecuteIfIgnored(IReadOnlyList<string> args)
    {
        if (!Wanted.Any(IsIgnored))
        {
            return;
        }
        foreach (var signal in Wanted)
        {
            LibC.signal((int)signal, LibC.SIG_DFL);
        }
        SelfExecutable.ReplaceProcess(args);
    }

    private static unsafe bool IsIgnored(ProcessSignal signal)
    {
        LibC.SigAction current;
        return LibC.sigaction((int)signal, null, &current) == 0 && current.Handler == LibC.SIG_IGN;
    }
}
