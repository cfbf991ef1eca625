namespace MiniOdooServer.FunctionalTests.Support;

/// <summary>
/// A prefork mini-odoo with <c>--proxy-mode</c> behind Debian's real nginx running the repository's sample site
/// (<c>samples/nginx/mini-odoo.conf</c>) with only its ports and log paths changed.
/// </summary>
public sealed class NginxFrontedServerFixture : IAsyncLifetime
{
    private ServerProcess? _server;
    private NginxProcess? _nginx;

    /// <summary>mini-odoo's HTTP port, for reading /metrics behind nginx's back.</summary>
    public int Port { get; private set; }

    internal ServerProcess Server => _server ?? throw new InvalidOperationException("mini-odoo has not started");

    internal NginxProcess Nginx => _nginx ?? throw new InvalidOperationException("nginx has not started");

    public async Task InitializeAsync()
    {
        // Without the hand-over (Odoo's behaviour) a poll or websocket that nginx sent to the HTTP port is refused:
        // the sample's /websocket and /longpolling locations must send them to gevent_port.
        (_server, Port, var geventPort) = await Servers.StartPreforkWithBusAsync(2, "--proxy-mode", "--longpolling-handover", "False");
        try
        {
            var sample = await File.ReadAllTextAsync(Repository.PathOf("samples", "nginx", "mini-odoo.conf"));
            var nginxPort = Ports.Free();
            _nginx = await NginxProcess.StartAsync(folder => Substitute(sample,
                ("listen 80;", $"listen 127.0.0.1:{nginxPort};"),
                ("server 127.0.0.1:8069;", $"server 127.0.0.1:{Port};"),
                ("server 127.0.0.1:8072;", $"server 127.0.0.1:{geventPort};"),
                ("/var/log/nginx/mini-odoo.access.log", Path.Combine(folder, "access.log")),
                ("/var/log/nginx/mini-odoo.error.log", Path.Combine(folder, "error.log"))), nginxPort);
        }
        catch
        {
            await DisposeAsync(); // mini-odoo must not outlive a failed start
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        if (_nginx is not null)
        {
            await _nginx.DisposeAsync();
        }
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    /// <summary>Each text must be in the sample once: a sample that changed shape fails here, not in a puzzling request.</summary>
    private static string Substitute(string sample, params (string Text, string By)[] substitutions)
    {
        foreach (var (text, by) in substitutions)
        {
            var count = sample.Split(text).Length - 1;
            Assert.True(count == 1, $"samples/nginx/mini-odoo.conf has '{text}' {count} times, not once");
            sample = sample.Replace(text, by);
        }
        return sample;
    }
}
