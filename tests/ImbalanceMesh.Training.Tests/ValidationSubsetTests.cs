using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Training.Tests.Support;

namespace ImbalanceMesh.Training.Tests;

/// <summary>Validation that scales (issue 17, item 3): a capped subset each epoch, with its time; the whole split at the end.</summary>
public sealed class ValidationSubsetTests(TrainingMesh mesh) : IClassFixture<TrainingMesh>
{
    [Fact]
    public async Task Epochs_score_a_capped_stratified_subset_with_its_time_and_the_whole_split_is_scored_at_the_end()
    {
        await using var host = await mesh.StartTrainingAsync(mesh.NewDataRoot());
        var client = new TrainingService.TrainingServiceClient(host.Channel);
        var spec = TrainingMesh.TinySpec(2);
        spec.ValidationSamples = 6;
        var job = await client.StartTrainingAsync(spec);

        var events = await client.WatchToEndAsync(job.JobId, TimeSpan.FromSeconds(120));
        var finished = events.Last().Finished;
        var epochs = events.Where(e => e.EventCase == JobEvent.EventOneofCase.Epoch).Select(e => e.Epoch).ToList();

        Assert.Equal(JobState.JobSucceeded, finished.State);
        Assert.Equal(2, epochs.Count);
        Assert.All(epochs, e => Assert.Equal(6, e.ValidationSamples));
        Assert.All(epochs, e => Assert.True(e.ValidationSeconds > 0));
        Assert.True(finished.FullValSamples > 6, $"the whole split was {finished.FullValSamples} images");
        Assert.InRange(finished.FullValBalancedAccuracy, 0, 1);
        Assert.Contains(events, e => e.EventCase == JobEvent.EventOneofCase.Log && e.Log.StartsWith($"whole validation split ({finished.FullValSamples} images"));
    }
}
