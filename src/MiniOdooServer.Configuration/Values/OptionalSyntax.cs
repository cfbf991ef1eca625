namespace MiniOdooServer.Configuration.Values;

/// <summary>Wraps a number's syntax so that <c>False</c> (Odoo's "unset" for numbers), or <c>None</c> or nothing, reads as null.</summary>
public sealed class OptionalSyntax<T>(ValueSyntax<T> inner) : ValueSyntax<T?> where T : struct
{
    public override string Expected => $"{inner.Expected}, or False";

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

    // Odoo casts every text but False/false with int(): None and an empty value stop it.
    public override string? OdooReadsOtherwise(string text) => text is "None" or ""
        ? $"Odoo refuses it (invalid integer value: '{text}'); mini-odoo reads it as unset: write False"
        : null;

    public override string Format(T? value) => value is { } v ? inner.Format(v) : "False";
}
