using System.Text.Json;
using MiniOdooServer.App.Modules.Bench.Payload;

namespace MiniOdooServer.Tests.App.Bench;

public sealed class JsonPayloadTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(1000)]
    public void APayloadOfNKibibytesIsNKibibytesOfJsonGiveOrTakeOneRecord(int kb)
    {
        var payload = JsonPayload.Build(kb);

        Assert.InRange(payload.Length, kb * 1024, kb * 1024 + JsonPayload.BytesPerRecord + 2);
    }

    [Fact]
    public void ThePayloadIsAnArrayOfSnakeCaseRecords()
    {
        using var json = JsonDocument.Parse(JsonPayload.Build(2));

        var records = json.RootElement.EnumerateArray().ToArray();
        Assert.Equal(JsonPayload.RecordsFor(2), records.Length);
        Assert.Equal(1_000_000, records[0].GetProperty("id").GetInt32());
        Assert.Equal("Partner 1000000", records[0].GetProperty("name").GetString());
        Assert.Equal(2, records[0].GetProperty("category_ids").GetArrayLength());
        Assert.Equal(JsonValueKind.String, records[0].GetProperty("write_date").ValueKind);
    }

    [Fact]
    public void ZeroKibibytesIsAnEmptyArray()
    {
        Assert.Equal("[]"u8.ToArray(), JsonPayload.Build(0));
    }
}
