using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Training.Tests.Support;

namespace ImbalanceMesh.Training.Tests;

public sealed class EarlyStoppingTests(TrainingMesh mesh) : IClassFixture<TrainingMesh>
{
    private const int Epochs = 30;

    [Fact]
    public async Task A_job_stops_once_validation_balanced_accuracy_has_not_improved_for_patience_epochs()
    {
        await using var host = await mesh.StartTrainingAsync(mesh.NewDataRoot());
        var client = new TrainingService.TrainingServiceClient(host.Channel);
        var spec = TrainingMesh.TinySpec(Epochs);
        spec.EarlyStoppingPatience = 1;
        var job = await client.StartTrainingAsync(spec);

        var events = await client.WatchToEndAsync(job.JobId, TimeSpan.FromSeconds(120));
        var finished = events.Last().Finished;
        var scores = events.Where(e => e.EventCase == JobEvent.EventOneofCase.Epoch).Select(e => e.Epoch.ValBalancedAccuracy).ToList();
        var expectedStop = FirstEpochWithoutImprovement(scores);

        Assert.True(expectedStop < Epochs, $"validation improved every epoch ({string.Join(", ", scores)}); the test did not exercise early stopping");
        Assert.Equal(JobState.JobSucceeded, finished.State);
        Assert.Equal(expectedStop, finished.EpochsDone);
        Assert.Equal(scores.Max(), finished.BestValBalancedAccuracy, 9);
        Assert.Contains(events, e => e.EventCase == JobEvent.EventOneofCase.Log && e.Log.StartsWith($"early stop after epoch {expectedStop}"));
    }

    /// <summary>The rule with patience 1: the first epoch whose score is not above the best before it (1-based), else Epochs.</summary>
    private static int FirstEpochWithoutImprovement(IReadOnlyList<double> scores)
    {
        for (var epoch = 1; epoch < scores.Count; epoch++)
            if (scores[epoch] <= scores.Take(epoch).Max()) return epoch + 1;
        return Epochs;
    }
}
