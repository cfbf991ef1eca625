namespace MiniOdooServer.FunctionalTests.Support;

/// <summary>Where the mini-odoo binary under test is: MINI_ODOO_BIN, else the build output of src/MiniOdooServer.</summary>
internal static class Binary
{
    public static string Path { get; } = Locate();

    private static string Locate()
    {
        if (Environment.GetEnvironmentVariable("MINI_ODOO_BIN") is { Length: > 0 } explicitPath)
        {
            return System.IO.Path.GetFullPath(explicitPath);
        }
        // tests/MiniOdooServer.FunctionalTests/bin/<Configuration>/net10.0/ -> src/MiniOdooServer/bin/<Configuration>/net10.0/
        var output = new DirectoryInfo(AppContext.BaseDirectory);
        var configuration = output.Parent!.Name;
        var root = output;
        while (root is not null && !File.Exists(System.IO.Path.Combine(root.FullName, "MiniOdooServer.sln")))
        {
            root = root.Parent;
        }
        if (root is null)
        {
            throw new InvalidOperationException("cannot find MiniOdooServer.sln above " + AppContext.BaseDirectory);
        }
        var path = System.IO.Path.Combine(root.FullName, "src", "MiniOdooServer", "bin", configuration, "net10.0", "mini-odoo");
        return File.Exists(path) ? path : throw new FileNotFoundException("build src/MiniOdooServer first", path);
    }
}
