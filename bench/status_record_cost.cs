#:project ../src/MiniOdooServer.ProcessModel/MiniOdooServer.ProcessModel.csproj
#:property PublishAot=false
// What recording one request in the scoreboard costs a worker: RequestCounters.Record (three atomic adds on
// shared memory) and the slot's BeginRequest/EndRequest (seqlock writes), timed over millions of calls.
// usage: dotnet run bench/status_record_cost.cs
using System.Diagnostics;
using MiniOdooServer.ProcessModel.Scoreboards;
using MiniOdooServer.ProcessModel.Workers;

using var board = Scoreboard.Create();
var slot = board[board.Claim()!.Value];
slot.Assign(WorkerKind.Http, 1, DateTimeOffset.UtcNow);
slot.Ready(Environment.ProcessId);
const int Calls = 20_000_000;
var now = DateTimeOffset.UtcNow;

for (var round = 0; round < 3; round++)
{
    var watch = Stopwatch.StartNew();
    for (var i = 0; i < Calls; i++)
    {
        slot.Counters.Record(i & 3, 200, i & 0xFFFF);
    }
    var record = watch.Elapsed.TotalNanoseconds / Calls;

    watch.Restart();
    for (var i = 0; i < Calls / 10; i++)
    {
        slot.BeginRequest(i, now, "GET", "/web/health");
        slot.EndRequest(i, 0, TimeSpan.Zero);
    }
    var activity = watch.Elapsed.TotalNanoseconds / (Calls / 10);
    Console.WriteLine($"round {round + 1}: counters {record:0.0} ns per request; slot begin+end {activity:0.0} ns per request");
}
