namespace MiniOdooServer.Configuration.Values;

/// <summary>
/// How one kind of option value is read from text and written back, as Odoo writes it
/// (<c>True</c>/<c>False</c>/<c>None</c>). <see cref="Expected"/> tells a user what is accepted.
/// </summary>
public abstract class ValueSyntax<T>
{
    public abstract string Expected { get; }

    public abstract bool TryParse(string text, out T value);

    public abstract string Format(T value);

    /// <summary>Odoo writes an unset value as <c>None</c> or <c>False</c>; both read back as unset.</summary>
    protected static bool IsUnset(string text) => text is "None" or "False" or "false" or "";
}
