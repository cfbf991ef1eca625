using System.Globalization;

namespace MiniOdooServer.ProcessModel.Workers;

/// <summary>
/// Resident memory (RSS) of a process, from /proc/PID/statm. mini-odoo's memory limits use it instead of Odoo's
/// virtual size: .NET reserves hundreds of GB of address space up front, so a virtual-size limit is meaningless.
/// </summary>
public static class ResidentMemory
{
    /// <summary>Bytes resident, or null when the process is gone.</summary>
    public static long? OfProcess(int pid) => Of(pid.ToString(CultureInfo.InvariantCulture));

    private static long? Of(string pid)
    {
        try
        {
            // statm: size resident shared text lib data dt (pages)
            var fields = File.ReadAllText($"/proc/{pid}/statm").Split(' ');
            return long.Parse(fields[1], CultureInfo.InvariantCulture) * Environment.SystemPageSize;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }
}
