namespace MiniOdooServer.Experiments.Server;

/// <summary>
/// Which mini-odoo binary to measure: the one given, else MINI_ODOO_BIN, else the native build (artifacts/native, what
/// production runs), else the Release then Debug build output of src/MiniOdooServer (built by <c>dotnet run</c>).
/// </summary>
internal static class BinaryLocator
{
    public static string Locate(string? given, string repositoryRoot, Func<string, string?> environment, Func<string, bool> exists)
    {
        if (!string.IsNullOrEmpty(given))
        {
            return exists(given) ? Path.GetFullPath(given) : throw new FileNotFoundException($"no mini-odoo binary at {given}", given);
        }
        if (environment("MINI_ODOO_BIN") is { Length: > 0 } fromEnvironment)
        {
            return Path.GetFullPath(fromEnvironment);
        }
        string[] candidates =
        [
            Path.Combine(repositoryRoot, "artifacts", "native", "mini-odoo"),
            Path.Combine(repositoryRoot, "src", "MiniOdooServer", "bin", "Release", "net10.0", "mini-odoo"),
            Path.Combine(repositoryRoot, "src", "MiniOdooServer", "bin", "Debug", "net10.0", "mini-odoo"),
        ];
        return candidates.FirstOrDefault(exists)
            ?? throw new FileNotFoundException("no mini-odoo binary: build src/MiniOdooServer, publish it to artifacts/native, or pass --binary");
    }

    /// <summary>The folder above the runner that holds MiniOdooServer.sln.</summary>
    public static string RepositoryRoot(string from)
    {
        for (var directory = new DirectoryInfo(from); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "MiniOdooServer.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"no MiniOdooServer.sln above {from}");
    }
}
