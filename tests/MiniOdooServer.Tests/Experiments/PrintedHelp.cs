using System.CommandLine;
using MiniOdooServer.Experiments;

namespace MiniOdooServer.Tests.Experiments;

/// <summary>The help the runner prints for a command line: a request for help is neither an error nor a run.</summary>
internal static class PrintedHelp
{
    public static string Of(params string[] args)
    {
        var arguments = new ExperimentsCommandLine().Parse(args);
        Assert.Equal((null, null, null), (arguments.Error, arguments.Runner, arguments.Sizing));
        var output = new StringWriter();
        Assert.Equal(0, arguments.Result.Invoke(new InvocationConfiguration { Output = output }));
        return output.ToString();
    }
}
