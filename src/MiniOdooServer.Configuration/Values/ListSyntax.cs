namespace MiniOdooServer.Configuration.Values;

/// <summary>
/// A comma-separated list, as Odoo writes <c>server_wide_modules</c> and <c>log_handler</c>; each item read by
/// <paramref name="item"/>. <c>False</c>, <c>None</c> or nothing is the empty list; a Python list as old Odoo versions
/// saved it (<c>[':INFO']</c>) reads as its items.
/// </summary>
public sealed class ListSyntax<T>(ValueSyntax<T> item) : ValueSyntax<IReadOnlyList<T>>
{
    public override string Expected => $"a comma-separated list of {item.Expected}";

    public override bool TryParse(string text, out IReadOnlyList<T> value)
    {
        var items = new List<T>();
        value = items;
        if (IsUnset(text))
        {
            return true;
        }
        if (text.Length >= 2 && text[0] == '[' && text[^1] == ']')
        {
            text = text[1..^1];
        }
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var unquoted = part.Length >= 2 && part[0] == part[^1] && part[0] is '\'' or '"' ? part[1..^1] : part;
            if (!item.TryParse(unquoted, out var parsed))
            {
                return false;
            }
            if (!items.Contains(parsed))
            {
                items.Add(parsed);
            }
        }
        return true;
    }

    public override string Format(IReadOnlyList<T> value) => string.Join(",", value.Select(item.Format));
}
