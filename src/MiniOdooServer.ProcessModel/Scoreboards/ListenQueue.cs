namespace MiniOdooServer.ProcessModel.Scoreboards;

/// <summary>Connections waiting in a listening socket's accept queue, and the queue's size (the listen backlog).</summary>
public sealed record ListenQueue(int Depth, int Backlog);
