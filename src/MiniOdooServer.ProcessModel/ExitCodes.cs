namespace MiniOdooServer.ProcessModel;

/// <summary>Named exit statuses of every mini-odoo process; the master acts on the ones a worker returns.</summary>
public static class ExitCodes
{
    /// <summary>A graceful stop.</summary>
    public const int Success = 0;

    /// <summary>A runtime failure: the port is taken, a worker crashed.</summary>
    public const int Failure = 1;

    /// <summary>The configuration or the command line is invalid; nothing was bound or started.</summary>
    public const int ConfigurationError = 2;

    /// <summary>Odoo's reserved "abort everything" status: a worker exiting with it stops the whole server.</summary>
    public const int CriticalWorkerError = 3;

    /// <summary>A worker that could not boot (bad inherited descriptors, bind failure); the master backs off.</summary>
    public const int WorkerBootFailed = 4;
}
