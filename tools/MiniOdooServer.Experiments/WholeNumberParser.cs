using System.CommandLine.Parsing;
using System.Globalization;

namespace MiniOdooServer.Experiments;

/// <summary>
/// A custom parser for counts with a range (--duration, --window, ...): System.CommandLine's own int conversion takes
/// signs and spaces and says only that the type is wrong, where this takes digits only and names the range.
/// </summary>
internal static class WholeNumberParser
{
    /// <summary>A parser for a whole number from 1 to <paramref name="max"/>; otherwise one error naming the option, the value and the range.</summary>
    public static Func<ArgumentResult, int?> From1To(int max) => result =>
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= 1 && number <= max)
        {
            return number;
        }
        result.AddError($"{OptionName(result)} '{text}' is not a whole number from 1 to {max}");
        return null;
    };

    /// <summary>The option a value belongs to (its name, "--window"), for an error message.</summary>
    public static string OptionName(ArgumentResult result) =>
        result.Parent is OptionResult option ? option.Option.Name : result.Argument.Name;
}
