namespace MiniOdooServer.FunctionalTests.Support;

/// <summary>The repository the tests run from: the folder above the test binaries that holds MiniOdooServer.sln.</summary>
internal static class Repository
{
    public static string Root { get; } = Locate();

    public static string PathOf(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    private static string Locate()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "MiniOdooServer.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException("no MiniOdooServer.sln above " + AppContext.BaseDirectory);
    }
}
