using Microsoft.AspNetCore.Http;

namespace MiniOdooServer.App.Http;

/// <summary>
/// ODOO_MAX_HTTP_THREADS in threaded mode: at most N requests run at once; the others wait their turn
/// (Odoo leaves them in the kernel's backlog; here they wait in line inside the process, never refused).
/// </summary>
internal sealed class ConcurrentRequestLimitMiddleware(RequestDelegate next, int limit)
{
    private readonly SemaphoreSlim _slots = new(limit, limit);

    public async Task InvokeAsync(HttpContext context)
    {
        await _slots.WaitAsync(context.RequestAborted);
        try
        {
            await next(context);
        }
        finally
        {
            _slots.Release();
        }
    }
}
