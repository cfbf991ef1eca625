using System.Globalization;
using MiniOdooServer.Experiments.Matrix;

namespace MiniOdooServer.Experiments;

/// <summary>
/// The one line that says how far the run is: rewritten in place on a terminal, one line per step otherwise
/// (a CI log or a file), so that a long run is never silent.
/// </summary>
internal sealed class ProgressLine(TextWriter output, bool inPlace, int total, TimeSpan estimate, TimeProvider time)
{
    private readonly long _started = time.GetTimestamp();
    private int _lastWidth;

    /// <summary>The text for step <paramref name="done"/> of <see cref="total"/>: what runs now and the time left.</summary>
    public static string Format(int done, int total, string what, TimeSpan elapsed, TimeSpan estimate)
    {
        var left = done == 0 ? estimate : elapsed / done * (total - done);
        return string.Create(CultureInfo.InvariantCulture,
            $"[{done + 1}/{total}] {what} | {elapsed.TotalSeconds:F0} s elapsed, ~{Math.Max(0, left.TotalSeconds):F0} s left");
    }

    public static string Describe(ExperimentPoint point) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{point.Server.Label}, {point.Workload.Name}, c={point.Connections}, run {point.Repeat}");

    public void Report(int done, string what)
    {
        var text = Format(done, total, what, time.GetElapsedTime(_started), estimate);
        if (inPlace)
        {
            output.Write("\r" + text.PadRight(_lastWidth));
            _lastWidth = text.Length;
        }
        else
        {
            output.WriteLine(text);
        }
        output.Flush();
    }

    public void Finish(string text)
    {
        if (inPlace)
        {
            output.Write("\r" + new string(' ', _lastWidth) + "\r");
        }
        output.WriteLine(text);
    }
}
