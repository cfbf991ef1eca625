using System.Diagnostics;
using System.Globalization;

namespace MiniOdooServer.ProcessModel.Master;

/// <summary>
/// Starts the new master of a binary upgrade: the program at this one's path (the binary on disk now), with the same
/// arguments, its standard output and error, the listening sockets (inheritable already, named by
/// <see cref="UpgradeEnvironment.ListenFds"/>) and this master's pid (<see cref="UpgradeEnvironment.Predecessor"/>).
/// </summary>
public sealed class ProcessSuccessorLauncher(
    IReadOnlyList<string> masterArgs, IReadOnlyList<int> listenFds, IReadOnlyDictionary<string, string> environment) : ISuccessorLauncher
{
    public int Start(Action<MasterEvent> post)
    {
        var (program, prefix) = SelfExecutable.Command();
        var start = new ProcessStartInfo(program) { UseShellExecute = false };
        foreach (var arg in prefix.Concat(masterArgs))
        {
            start.ArgumentList.Add(arg);
        }
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        start.Environment[UpgradeEnvironment.ListenFds] = string.Join(',', listenFds.Select(fd => fd.ToString(CultureInfo.InvariantCulture)));
        start.Environment[UpgradeEnvironment.Predecessor] = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        var pid = process.Id;
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) =>
        {
            post(new MasterEvent.SuccessorExited(pid, process.ExitCode));
            process.Dispose();
        };
        return pid;
    }
}
