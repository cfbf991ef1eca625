using MiniOdooServer.ProcessModel.Native;

namespace MiniOdooServer.ProcessModel.Signals;

/// <summary>
/// A shell starts background jobs (<c>mini-odoo &amp;</c>) with SIGINT and SIGQUIT ignored, and the .NET runtime
/// honours an inherited "ignore" for those two: its handlers are never installed, so <c>kill -INT</c> would do
/// nothing. Python's signal.signal overrides it for Odoo; here the only way is to reset the dispositions and execute
/// the program again before the runtime starts, which <see cref="ReexecuteIfIgnored"/> does (once, at start).
/// </summary>
public static class InheritedSignalDispositions
{
    private static readonly ProcessSignal[] Wanted = [ProcessSignal.Int, ProcessSignal.Quit];

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
