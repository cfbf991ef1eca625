namespace MiniOdooServer.FunctionalTests.Support;

/// <summary>One threaded server (web and bench loaded) shared by the tests of a class whose requests do not disturb each other.</summary>
public sealed class ThreadedServerFixture : IAsyncLifetime
{
    private ServerProcess? _server;

    public int Port { get; private set; }

    internal ServerProcess Server => _server ?? throw new InvalidOperationException("the server has not started");

    public async Task InitializeAsync() => (_server, Port) = await Servers.StartThreadedAsync("--load", "base,web,bench");

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
