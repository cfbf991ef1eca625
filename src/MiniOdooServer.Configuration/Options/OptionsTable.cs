using System.Text;

namespace MiniOdooServer.Configuration.Options;

/// <summary>
/// The option reference's table (docs/configuration.md), rendered from <see cref="OptionCatalog"/> so that the
/// documentation cannot drift from the code: a unit test compares docs/configuration.md with this output.
/// </summary>
public static class OptionsTable
{
    // The real default is under the home folder of whoever runs the process; the reference shows it the portable way.
    private const string PortableDataDir = "~/.local/share/mini-odoo";

    /// <summary>A markdown table: | key | flags | default | description |, one row per option, deprecated aliases left out.</summary>
    public static string RenderMarkdown()
    {
        var defaults = new ServerOptions();
        var text = new StringBuilder();
        text.Append("| key | flags | default | description |\n");
        text.Append("|---|---|---|---|\n");
        foreach (var option in OptionCatalog.All.Where(o => !o.Hidden))
        {
            var value = option.Key == "data_dir" ? PortableDataDir : option.FormatValue(defaults);
            var flags = string.Join(", ", option.Flags.Select(Code));
            text.Append("| ").Append(Code(option.Key))
                .Append(" | ").Append(flags)
                .Append(" | ").Append(value.Length == 0 ? "''" : Code(value))
                .Append(" | ").Append(Escape(option.Description))
                .Append(" |\n");
        }
        return text.ToString();
    }

    private static string Code(string text) => "`" + Escape(text) + "`";

    // A pipe would end the cell, even inside a code span.
    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);
}
