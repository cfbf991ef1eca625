namespace MiniOdooServer.Configuration.Values;

/// <summary>
/// How one kind of option value is read from text and written back, as Odoo writes it
/// (<c>True</c>/<c>False</c>). <see cref="Expected"/> tells a user what is accepted.
/// </summary>
public abstract class ValueSyntax<T>
{
    public abstract string Expected { get; }

    public abstract bool TryParse(string text, out T value);

    public abstract string Format(T value);

    /// <summary>
    /// When Odoo reads <paramref name="text"/> (already accepted by <see cref="TryParse"/>) otherwise than mini-odoo does:
    /// how Odoo reads it, in words, e.g. "Odoo reads it as True". Null when both read it alike.
    /// </summary>
    public virtual string? OdooReadsOtherwise(string text) => null;

    /// <summary>
    /// The spellings of "unset" that mini-odoo accepts: <c>False</c> and an empty value, which Odoo reads as false, and
    /// <c>None</c>, which Odoo's own saves of logfile and pidfile contain (and which earlier mini-odoo saves wrote).
    /// </summary>
    protected static bool IsUnset(string text) => text is "None" or "False" or "false" or "";
}
