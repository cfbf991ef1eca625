namespace MiniOdooServer.Configuration.Loading;

/// <summary>
/// Finds the configuration file as Odoo does: <c>-c/--config</c>, else <c>ODOO_RC</c>, else <c>OPENERP_SERVER</c>,
/// else <c>~/.odoorc</c> (or <c>~/.openerp_serverrc</c> when only that one exists).
/// </summary>
public static class ConfigFileLocator
{
    /// <summary>The path to read or to save to. <paramref name="environment"/> is passed in so tests need no real variables.</summary>
    public static string Locate(string? explicitPath, Func<string, string?> environment, string home)
    {
        if (!string.IsNullOrEmpty(explicitPath))
        {
            return Path.GetFullPath(explicitPath);
        }
        // Odoo reads os.environ.get('ODOO_RC') or os.environ.get('OPENERP_SERVER'): an empty variable counts as unset.
        var fromEnvironment = NonEmpty(environment("ODOO_RC")) ?? NonEmpty(environment("OPENERP_SERVER"));
        if (fromEnvironment is not null)
        {
            return Path.GetFullPath(fromEnvironment);
        }
        var odoorc = Path.Combine(home, ".odoorc");
        var legacy = Path.Combine(home, ".openerp_serverrc");
        if (File.Exists(odoorc) && File.Exists(legacy))
        {
            throw new ConfigurationError(
                ["Found '.odoorc' and '.openerp_serverrc' in your path. Please keep only one of them, preferably '.odoorc'."]);
        }
        return File.Exists(legacy) ? legacy : odoorc;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
