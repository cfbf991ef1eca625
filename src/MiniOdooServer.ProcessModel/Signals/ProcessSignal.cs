namespace MiniOdooServer.ProcessModel.Signals;

/// <summary>
/// The POSIX signals mini-odoo acts on, with their Linux numbers. <see cref="System.Runtime.InteropServices.PosixSignal"/>
/// names only some of them; a raw positive number passes through PosixSignalRegistration untranslated.
/// </summary>
public enum ProcessSignal
{
    Hup = 1,
    Int = 2,
    Quit = 3,
    Kill = 9,
    Usr1 = 10,
    Usr2 = 12,
    Term = 15,
    Ttin = 21,
    Ttou = 22,
    Xcpu = 24,
}
