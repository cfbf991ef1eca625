using MiniOdooServer.Configuration.Values;

namespace MiniOdooServer.Configuration.Options;

/// <summary>
/// One Odoo option, declared once with everything known about it: its key in <c>[options]</c>, its command-line
/// flags, its description, how its value reads and writes, and where it lands in <see cref="ServerOptions"/>.
/// The help text, the <c>--save</c> writer and the option reference's table are all made from these declarations.
/// </summary>
public abstract class OptionDefinition
{
    protected OptionDefinition(string key, string[] flags, string description)
    {
        Key = key;
        Flags = flags;
        Description = description;
    }

    /// <summary>The key in the <c>[options]</c> section, e.g. <c>http_port</c>.</summary>
    public string Key { get; }

    /// <summary>Command-line flags, long form first, e.g. <c>--http-port</c>, <c>-p</c>. Empty for file-only options.</summary>
    public IReadOnlyList<string> Flags { get; }

    public string Description { get; }

    /// <summary>For a flag that takes no value (<c>--no-http</c>, <c>--proxy-mode</c>): the value it sets.</summary>
    public string? SwitchValue { get; init; }

    /// <summary>Other keys that mean this option in a file (<c>xmlrpc_port</c> for <c>http_port</c>).</summary>
    public IReadOnlyList<string> FileAliases { get; init; } = [];

    /// <summary>Repeatable on the command line (<c>--log-handler</c>); each occurrence adds to the list.</summary>
    public bool Repeatable { get; init; }

    /// <summary>Not written by <c>--save</c> and not shown in the option reference, docs/configuration.md (a deprecated alias).</summary>
    public bool Hidden { get; init; }

    /// <summary>Logged as a warning whenever the option is set to a value other than "unset".</summary>
    public string? DeprecationWarning { get; init; }

    /// <summary>What the value must look like, for error messages.</summary>
    public abstract string Expected { get; }

    /// <summary>Reads <paramref name="text"/> into <paramref name="options"/>; false (options untouched) when the text is invalid.</summary>
    public abstract bool TryApply(ref ServerOptions options, string text);

    /// <summary>The value as Odoo writes it in a configuration file.</summary>
    public abstract string FormatValue(ServerOptions options);

    /// <summary>How Odoo reads <paramref name="text"/> when it reads it otherwise than mini-odoo (null when alike), for a warning at start.</summary>
    public abstract string? OdooReadsOtherwise(string text);

    /// <summary>True when the text is Odoo's way of writing "unset" for this option (used for deprecated aliases).</summary>
    public static bool IsUnsetText(string text) => text is "" or "None" or "False" or "false" or "0";
}

/// <summary>An option whose value has type <typeparamref name="T"/>.</summary>
public sealed class OptionDefinition<T>(
    string key,
    string[] flags,
    string description,
    ValueSyntax<T> syntax,
    Func<ServerOptions, T> get,
    Func<ServerOptions, T, ServerOptions> set) : OptionDefinition(key, flags, description)
{
    public override string Expected => syntax.Expected;

    public override bool TryApply(ref ServerOptions options, string text)
    {
        if (!syntax.TryParse(text.Trim(), out var value))
        {
            return false;
        }
        options = set(options, value);
        return true;
    }

    public override string FormatValue(ServerOptions options) => syntax.Format(get(options));

    public override string? OdooReadsOtherwise(string text) => syntax.OdooReadsOtherwise(text.Trim());
}
