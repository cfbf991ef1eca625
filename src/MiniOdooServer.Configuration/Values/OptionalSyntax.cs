namespace MiniOdooServer.Configuration.Values;

/// <summary>Wraps a syntax so that <c>None</c>/<c>False</c> (Odoo's way of writing "unset") reads as null.</summary>
public sealed class OptionalSyntax<T>(ValueSyntax<T> inner) : ValueSyntax<T?> where T : struct
{
    public override string Expected => $"{inner.Expected}, or None";

    public override bool TryParse(string text, out T? value)
    {
        if (IsUnset(text))
        {
            value = null;
            return true;
        }
        var ok = inner.TryParse(text, out var parsed);
        value = ok ? parsed : null;
        return ok;
    }

    public override string Format(T? value) => value is { } v ? inner.Format(v) : "None";
}
