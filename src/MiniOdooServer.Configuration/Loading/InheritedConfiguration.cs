namespace MiniOdooServer.Configuration.Loading;

/// <summary>
/// The configuration a prefork master hands each worker it starts, so that the worker runs with the master's settings
/// even when the file was edited since: the bytes of the file the master read for the worker's generation (null when
/// it read none), and the settings the master keeps over the file's (the listen addresses a reload cannot move).
/// </summary>
public sealed record InheritedConfiguration(byte[]? FileContents, IReadOnlyList<SettingValue> MasterSettings)
{
    /// <summary>The origin of a master's setting in an error message.</summary>
    public const string MasterOrigin = "the master";
}
