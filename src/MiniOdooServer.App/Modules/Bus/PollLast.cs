using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using MiniOdooServer.App.Bus;
using MiniOdooServer.App.JsonRpc;

namespace MiniOdooServer.App.Modules.Bus;

/// <summary>
/// The <c>last</c> of a <c>/longpolling/poll</c>, read as Odoo 15 reads it. Its controller passes the value on
/// untouched; <c>bus.bus._poll</c> compares it with 0 in Python (0, 0.0 and false read the recent window) and else
/// hands it to PostgreSQL, as text, in <c>id &gt; %s</c>: "3" reads as 3, "0" or -5 select every retained message,
/// and what PostgreSQL cannot read as an integer ("abc", 3.5, true) fails the call. Those failures, and null (which
/// Odoo compares as <c>id &gt; NULL</c>: a poll that matches nothing, ever), get a 400 Bad Request here instead.
/// </summary>
internal static class PollLast
{
    /// <summary>The characters PostgreSQL's integer input skips around the digits.</summary>
    private const string Blanks = " \t\n\r\v\f";

    /// <summary>The value to poll after (<see cref="BusDispatcher.PollAsync"/>'s conventions), or the error to answer.</summary>
    public static (long Last, OdooError? Error) Read(JsonElement last) => last.ValueKind switch
    {
        JsonValueKind.False => (0, null),
        // Python's json reads a number with a fraction or an exponent as a float, which PostgreSQL refuses unless 0.
        JsonValueKind.Number when JsonMarshal.GetRawUtf8Value(last).IndexOfAny("eE."u8) >= 0 =>
            last.TryGetDouble(out var value) && value == 0 ? (0, null) : Refused(last),
        JsonValueKind.Number => last.TryGetInt64(out var id) ? (id < 0 ? BusDispatcher.AllRetained : id, null) : Refused(last),
        // No Python 0 here: "0" selects id > 0, every retained message, not the recent window.
        JsonValueKind.String when long.TryParse(last.GetString().AsSpan().Trim(Blanks), NumberStyles.AllowLeadingSign,
            CultureInfo.InvariantCulture, out var id) => (id > 0 ? id : BusDispatcher.AllRetained, null),
        _ => Refused(last),
    };

    private static (long, OdooError?) Refused(JsonElement last)
    {
        var text = last.GetRawText();
        if (text.Length > 40)
        {
            text = text[..40] + "…";
        }
        return (0, OdooError.InvalidRequest($"last must be a message id (a whole number, or a string of one), not {text}"));
    }
}
