namespace MiniOdooServer.App.Monitoring;

/// <summary>
/// Endpoint metadata naming the route module that mapped an endpoint, so that a finished request is counted under
/// its module with one metadata look-up. Numbers are fixed (they index shared counters); 0 is "no route matched".
/// </summary>
public sealed record RouteModuleTag(int Number, string Name)
{
    /// <summary>Module names by number; at most 6 (the counters' room).</summary>
    public static IReadOnlyList<string> Names { get; } = ["none", "web", "bus", "bench"];

    public static RouteModuleTag For(string module)
    {
        var number = Names.ToList().IndexOf(module);
        return number > 0 ? new RouteModuleTag(number, module) : new RouteModuleTag(0, "none");
    }

    public static string NameOf(int number) => number >= 0 && number < Names.Count ? Names[number] : "none";
}
