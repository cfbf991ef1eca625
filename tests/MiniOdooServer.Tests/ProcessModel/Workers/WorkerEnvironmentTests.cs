using MiniOdooServer.ProcessModel.Workers;

namespace MiniOdooServer.Tests.ProcessModel.Workers;

public sealed class WorkerEnvironmentTests
{
    [Fact]
    public void TheVariablesAMasterSetsReadBackIntoTheSameEnvironment()
    {
        var sent = new WorkerEnvironment(ListenFd: 3, "12", "14", Generation: 2, ScoreboardFd: 5, ScoreboardSlot: 17);
        var variables = sent.ToVariables().ToDictionary();

        Assert.Equal(sent, WorkerEnvironment.Read(name => variables.GetValueOrDefault(name)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("5")]
    [InlineData("5:x")]
    [InlineData("5:1:2")]
    public void AProcessWithoutAUsableScoreboardWasNotStartedByAMaster(string? scoreboard)
    {
        var variables = new WorkerEnvironment(3, "12", "14", 1, 5, 0).ToVariables().ToDictionary();
        variables[WorkerEnvironment.ScoreboardVariable] = scoreboard!;

        Assert.Null(WorkerEnvironment.Read(name => variables.GetValueOrDefault(name)));
    }
}
