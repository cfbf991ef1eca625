namespace MiniOdooServer.Configuration.Values;

/// <summary>A comma-separated list, as Odoo writes <c>server_wide_modules</c> and <c>log_handler</c>; each item read by <paramref name="item"/>.</summary>
public sealed class ListSyntax<T>(ValueSyntax<T> item) : ValueSyntax<IReadOnlyList<T>>
{
    public override string Expected => $"a comma-separated list of {item.Expected}";

    public override bool TryParse(string text, out IReadOnlyList<T> value)
    {
        var items = new List<T>();
        value = items;
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!item.TryParse(part, out var parsed))
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
