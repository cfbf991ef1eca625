using System.Diagnostics;
using System.Text;

namespace MiniOdooServer.FunctionalTests.Support;

/// <summary>
/// Debian's real nginx, in the foreground, with a site file included in a minimal main configuration of its own: pid,
/// temporary paths and logs in a temporary folder, listening on a free port. Started in a process group of its own
/// (through setsid); stopped by its pid, its group killed only if it outlives the stop.
/// </summary>
internal sealed class NginxProcess : IAsyncDisposable
{
    private const string Program = "/usr/sbin/nginx";

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private NginxProcess(Process process, string folder, int port)
    {
        _process = process;
        Folder = folder;
        Port = port;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Port { get; }

    public string Folder { get; }

    /// <summary>nginx's standard error (the main error log) and the site's error log: for failure messages.</summary>
    public string Errors
    {
        get
        {
            var site = Path.Combine(Folder, "error.log");
            lock (_output)
            {
                return _output + (File.Exists(site) ? File.ReadAllText(site) : "");
            }
        }
    }

    /// <summary>
    /// Starts nginx with <paramref name="site"/>, a server block file whose logs the caller pointed at
    /// <c>{folder}/access.log</c> and <c>{folder}/error.log</c> and whose listen port is <paramref name="port"/>;
    /// waits until the port accepts.
    /// </summary>
    public static async Task<NginxProcess> StartAsync(Func<string, string> site, int port)
    {
        Assert.True(File.Exists(Program), $"{Program} is missing: install Debian's nginx package (.ci/run does)");
        var folder = Directory.CreateTempSubdirectory("mini-odoo-nginx-").FullName;
        // Run as root (CI), nginx's workers switch to an unprivileged user: they must reach the temporary paths.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
                UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }
        await File.WriteAllTextAsync(Path.Combine(folder, "site.conf"), site(folder));
        await File.WriteAllTextAsync(Path.Combine(folder, "nginx.conf"), MainConfiguration(folder));

        var start = new ProcessStartInfo("setsid")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = folder,
        };
        // -e: the main error log before the configuration is read (Debian's default is stderr, but say so).
        foreach (var word in new[] { Program, "-p", folder + "/", "-c", Path.Combine(folder, "nginx.conf"), "-e", "stderr" })
        {
            start.ArgumentList.Add(word);
        }
        var nginx = new NginxProcess(Process.Start(start)!, folder, port);
        try
        {
            await Wait.UntilAsync(async () => nginx._process.HasExited || !await Connections.IsRefusedAsync(port),
                $"nginx listening on 127.0.0.1:{port}");
            Assert.False(nginx._process.HasExited, "nginx exited at start:\n" + nginx.Errors);
        }
        catch
        {
            await nginx.DisposeAsync();
            throw;
        }
        return nginx;
    }

    /// <summary>The access log's lines so far.</summary>
    public string AccessLog()
    {
        var path = Path.Combine(Folder, "access.log");
        return File.Exists(path) ? File.ReadAllText(path) : "";
    }

    /// <summary>SIGQUIT to nginx's master (its graceful stop); returns its exit status.</summary>
    public async Task<int> StopAsync()
    {
        Signals.Send(_process.Id, Signals.Quit);
        using var timeout = new CancellationTokenSource(Wait.DefaultTimeout);
        await _process.WaitForExitAsync(timeout.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            try
            {
                await StopAsync();
            }
            catch (OperationCanceledException)
            {
            }
        }
        // The group (setsid made nginx its leader): a worker left by a master that did not stop.
        Signals.Send(-_process.Id, Signals.Kill);
        _process.Dispose();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static string MainConfiguration(string folder)
    {
        // Debian's nginx is built without a default user, so as root it would look for group "nobody"; Debian's own
        // nginx.conf names www-data. Not root, nginx cannot switch users and warns if asked to.
        var user = Environment.UserName == "root" ? "user www-data;\n" : "";
        return $$"""
            {{user}}daemon off;
            worker_processes 1;
            pid {{folder}}/nginx.pid;
            events {
                worker_connections 256;
            }
            http {
                client_body_temp_path {{folder}}/client_body;
                proxy_temp_path {{folder}}/proxy;
                fastcgi_temp_path {{folder}}/fastcgi;
                uwsgi_temp_path {{folder}}/uwsgi;
                scgi_temp_path {{folder}}/scgi;
                include {{folder}}/site.conf;
            }
            """;
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.Append(line).Append('\n');
            }
        }
    }
}
