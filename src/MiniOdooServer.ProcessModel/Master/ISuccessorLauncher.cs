namespace MiniOdooServer.ProcessModel.Master;

/// <summary>
/// Starts the new master of a binary upgrade: the program on disk now, with this master's arguments and its listening
/// sockets. The seam that lets the upgrade's rules be tested without processes.
/// </summary>
public interface ISuccessorLauncher
{
    /// <summary>Starts it and returns its pid; its exit is posted as <see cref="MasterEvent.SuccessorExited"/>.</summary>
    int Start(Action<MasterEvent> post);
}
