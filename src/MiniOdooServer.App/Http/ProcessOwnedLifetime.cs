using Microsoft.Extensions.Hosting;

namespace MiniOdooServer.App.Http;

/// <summary>
/// Replaces the console lifetime: mini-odoo's process layer owns every signal (SIGINT, SIGTERM, SIGHUP, SIGQUIT…)
/// and stops the host itself, so the host must not register handlers of its own.
/// </summary>
internal sealed class ProcessOwnedLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
