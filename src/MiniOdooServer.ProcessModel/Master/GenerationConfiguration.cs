using MiniOdooServer.Configuration.Options;

namespace MiniOdooServer.ProcessModel.Master;

/// <summary>
/// What a generation of workers runs with: the options the master loaded for it, and the bytes of the configuration
/// file they came from (null when there was none), which its workers parse instead of reading the file again.
/// </summary>
public sealed record GenerationConfiguration(ServerOptions Options, byte[]? ConfigFile);
