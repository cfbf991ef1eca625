namespace MiniOdooServer.Configuration.Loading;

/// <summary>One raw option value before conversion, with where it came from for error messages.</summary>
/// <param name="Key">The key as read (a file key, lower-cased, possibly an alias) or the option's key for a flag.</param>
/// <param name="Text">The value as written.</param>
/// <param name="Origin">"server.conf" or "--http-port": what a user should look at to fix it.</param>
/// <param name="Line">The line of a file's key, counted from 1; 0 for a flag.</param>
public sealed record SettingValue(string Key, string Text, string Origin, int Line = 0)
{
    public bool FromCommandLine => Origin.StartsWith('-');

    /// <summary>How the setting reads in an error message: <c>workers = many (server.conf, line 4)</c> or <c>--workers many</c>.</summary>
    public string Describe() => FromCommandLine
        ? $"{Origin} {Text}".TrimEnd()
        : $"{Key} = {Text} ({Origin}{(Line > 0 ? $", line {Line}" : "")})";
}
