namespace MiniOdooServer.Experiments.Matrix;

/// <summary>One wrk run: a server configuration, a workload, a number of connections, and which repeat this is (1-based).</summary>
internal sealed record ExperimentPoint(ServerConfiguration Server, Workload Workload, int Connections, int Repeat);
