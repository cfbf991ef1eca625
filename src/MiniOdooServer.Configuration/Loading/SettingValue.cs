namespace MiniOdooServer.Configuration.Loading;

/// <summary>One raw option value before conversion, with where it came from for error messages.</summary>
/// <param name="Key">The key as written (a file key, possibly an alias) or the option's key for a flag.</param>
/// <param name="Text">The value as written.</param>
/// <param name="Origin">"server.conf" or "--http-port": what a user should look at to fix it.</param>
public sealed record SettingValue(string Key, string Text, string Origin)
{
    public bool FromCommandLine => Origin.StartsWith('-');

    /// <summary>How the setting reads in an error message: <c>workers = many (server.conf)</c> or <c>--workers many</c>.</summary>
    public string Describe() => FromCommandLine ? $"{Origin} {Text}".TrimEnd() : $"{Key} = {Text} ({Origin})";
}
