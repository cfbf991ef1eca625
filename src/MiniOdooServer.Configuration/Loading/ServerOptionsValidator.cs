using MiniOdooServer.Configuration.Options;

namespace MiniOdooServer.Configuration.Loading;

/// <summary>
/// Checks that hold between options. Odoo checks none of these; a limit that can never apply is a configuration
/// mistake worth refusing before the server starts.
/// </summary>
public static class ServerOptionsValidator
{
    public static IEnumerable<string> Validate(ServerOptions options)
    {
        var limits = options.Limits;
        if (limits.MemorySoft > limits.MemoryHard)
        {
            yield return $"limit_memory_soft = {limits.MemorySoft} is above limit_memory_hard = {limits.MemoryHard}: " +
                         "expected the soft limit at or below the hard limit";
        }
        // Only when a gevent limit is set: otherwise both fall back to the limits checked above, and the same
        // mistake would be reported twice.
        if ((limits.MemorySoftGevent is not null || limits.MemoryHardGevent is not null) &&
            limits.EffectiveMemorySoftGevent > limits.EffectiveMemoryHardGevent)
        {
            yield return $"limit_memory_soft_gevent = {limits.EffectiveMemorySoftGevent} is above limit_memory_hard_gevent = " +
                         $"{limits.EffectiveMemoryHardGevent}: expected the soft limit at or below the hard limit";
        }
        if (options.Workers > 0 && options.HttpEnable && options.HttpPort == options.GeventPort)
        {
            yield return $"http_port = {options.HttpPort} equals gevent_port: expected two different ports in prefork mode";
        }
        if (string.IsNullOrEmpty(options.DataDir))
        {
            yield return "data_dir is empty: expected a directory";
        }
    }
}
