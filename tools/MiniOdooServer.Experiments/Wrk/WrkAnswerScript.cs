namespace MiniOdooServer.Experiments.Wrk;

/// <summary>
/// The wrk Lua script that checks every answer's body: a 2xx whose JSON starts with <c>{"pid":N,</c> naming one of
/// the server's processes and its role counts as the server's; any other 2xx (another program on the port, a proxy,
/// a body without the names) is foreign. wrk itself counts non-2xx answers and socket errors. Arguments after
/// <c>--</c>: the role, then the pids of the server's processes. It prints one line that
/// <see cref="WrkOutputParser"/> reads: <c>mini-odoo answers: server N, foreign M</c>.
/// </summary>
internal static class WrkAnswerScript
{
    public const string FileName = "count-server-answers.lua";

    public const string Text =
        """
        -- Written by the mini-odoo experiment runner: counts the 2xx answers that name the server under test.
        local threads = {}
        function setup(thread) table.insert(threads, thread) end
        function init(args)
          pids = {}
          role = args[1]
          for i = 2, #args do pids[args[i]] = true end
          server = 0
          foreign = 0
        end
        function response(status, headers, body)
          if status >= 200 and status < 300 then
            local pid = body:match('^{"pid":(%d+),')
            local named = body:match('"role":"([^"]*)"')
            if pid and pids[pid] and named == role then server = server + 1 else foreign = foreign + 1 end
          end
        end
        function done(summary, latency, requests)
          local s, f = 0, 0
          for _, t in ipairs(threads) do s = s + t:get("server"); f = f + t:get("foreign") end
          io.write(string.format("mini-odoo answers: server %d, foreign %d\n", s, f))
        end
        """;

    /// <summary>Writes the script into <paramref name="directory"/>; returns its path.</summary>
    public static string WriteTo(string directory)
    {
        var path = Path.Combine(directory, FileName);
        File.WriteAllText(path, Text);
        return path;
    }
}
