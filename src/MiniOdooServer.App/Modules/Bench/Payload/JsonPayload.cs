using System.Globalization;
using System.Text.Json;

namespace MiniOdooServer.App.Modules.Bench.Payload;

/// <summary>
/// The work of one <c>/bench/json?kb=N</c> request: build enough records to make about N KiB of JSON, then serialise
/// them with the source-generated serializer, as an Odoo controller builds and dumps a <c>search_read</c> result.
/// </summary>
internal static class JsonPayload
{
    /// <summary>Bytes one record takes once serialised, measured on a record with a 7-digit id (the widest used).</summary>
    public static readonly int BytesPerRecord = Serialize([Record(1_000_000)]).Length - 2;

    /// <summary>How many records make at least <paramref name="kibibytes"/> KiB; none for 0.</summary>
    public static int RecordsFor(int kibibytes) =>
        (int)Math.Ceiling(kibibytes * 1024.0 / (BytesPerRecord + 1));

    /// <summary>Builds and serialises the payload of <paramref name="kibibytes"/> KiB: a JSON array of records.</summary>
    public static byte[] Build(int kibibytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(kibibytes);
        var records = new PayloadRecord[RecordsFor(kibibytes)];
        for (var i = 0; i < records.Length; i++)
        {
            // Ids from 1,000,000 and fixed-width fields keep every record the same width: the size is what was asked.
            records[i] = Record(1_000_000 + i);
        }
        return Serialize(records);
    }

    private static byte[] Serialize(PayloadRecord[] records) =>
        JsonSerializer.SerializeToUtf8Bytes(records, PayloadJsonContext.Default.PayloadRecordArray);

    private static PayloadRecord Record(int id) => new(
        id,
        "Partner " + id.ToString("D7", CultureInfo.InvariantCulture),
        "partner" + id.ToString("D7", CultureInfo.InvariantCulture) + "@example.com",
        true,
        100.5 + (id % 800),
        "2026-11-25 09:00:00",
        [id % 5 + 1, id % 9 + 1]);
}
