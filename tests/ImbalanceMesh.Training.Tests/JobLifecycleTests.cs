using Grpc.Core;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Modeling.Checkpoints;
using ImbalanceMesh.Modeling.Runtime;
using ImbalanceMesh.Training.Tests.Support;

namespace ImbalanceMesh.Training.Tests;

public sealed class JobLifecycleTests(TrainingMesh mesh) : IClassFixture<TrainingMesh>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_tiny_job_runs_to_completion_with_live_progress_and_a_usable_checkpoint()
    {
        await using var host = await mesh.StartTrainingAsync(mesh.NewDataRoot());
        var client = new TrainingService.TrainingServiceClient(host.Channel);
        var job = await client.StartTrainingAsync(TrainingMesh.TinySpec(3));
        Assert.Equal(JobState.JobQueued, job.State);
        Assert.Equal(["circle", "square", "triangle"], job.Classes);

        var events = await client.WatchToEndAsync(job.JobId, Patience);
        var finished = events.Last().Finished;
        Assert.Equal(JobState.JobSucceeded, finished.State);
        Assert.Equal(3, finished.EpochsDone);
        Assert.True(finished.HasCheckpoint);
        var epochs = events.Where(e => e.EventCase == JobEvent.EventOneofCase.Epoch).Select(e => e.Epoch).ToList();
        Assert.Equal([1, 2, 3], epochs.Select(e => e.Epoch));
        Assert.All(epochs, e =>
        {
            Assert.True(e.ImagesPerSecond > 0);
            Assert.InRange(e.DataWaitFraction, 0, 1);
            Assert.InRange(e.ValBalancedAccuracy, 0, 1);
            Assert.InRange(e.ValMacroF1, 0, 1);
            Assert.True(double.IsFinite(e.TrainLoss) && e.TrainLoss > 0);
        });
        var steps = events.Where(e => e.EventCase == JobEvent.EventOneofCase.Step).Select(e => e.Step).ToList();
        Assert.Contains(steps, s => s.Epoch == 3 && s.Step == s.StepsPerEpoch);
        Assert.All(steps, s => Assert.Equal(0.01, s.LearningRate, 9));
        Assert.Equal(epochs.Max(e => e.ValBalancedAccuracy), finished.BestValBalancedAccuracy, 9);

        var listed = await client.ListJobsAsync(new ListJobsRequest());
        Assert.Equal(job.JobId, Assert.Single(listed.Jobs).JobId);

        var (bytes, card) = await client.DownloadCheckpointAsync(job.JobId);
        Assert.Equal(("cnn", 16, 16, 1), (card.Architecture, card.Width, card.ImageSize, card.Channels));
        Assert.Equal(job.Classes, card.Classes);
        Assert.Equal(finished.BestValBalancedAccuracy, card.ValBalancedAccuracy, 9);
        using var model = TrainedModel.Load(bytes, card, DevicePreference.Cpu);
        var probabilities = model.PredictProbabilities(new float[2 * 16 * 16], 2);
        Assert.Equal(1.0, probabilities[0] + probabilities[1] + probabilities[2], 4);
    }

    [Fact]
    public async Task A_killed_service_resumes_the_job_from_its_last_checkpoint_and_finishes()
    {
        var dataRoot = mesh.NewDataRoot();
        string jobId;
        var host = await mesh.StartTrainingAsync(dataRoot);
        try
        {
            var client = new TrainingService.TrainingServiceClient(host.Channel);
            jobId = (await client.StartTrainingAsync(TrainingMesh.TinySpec(20))).JobId;
            var midway = await client.WaitForAsync(jobId, j => j.EpochsDone >= 2, Patience);
            Assert.Equal(JobState.JobRunning, midway.State);
        }
        finally
        {
            await host.DisposeAsync();
        }

        await using var restarted = await mesh.StartTrainingAsync(dataRoot);
        var again = new TrainingService.TrainingServiceClient(restarted.Channel);
        var afterRestart = await again.GetJobAsync(new JobRef { JobId = jobId });
        Assert.InRange(afterRestart.EpochsDone, 2, 19);
        var events = await again.WatchToEndAsync(jobId, Patience);
        var finished = events.Last().Finished;
        Assert.Equal(JobState.JobSucceeded, finished.State);
        Assert.Equal(20, finished.EpochsDone);
        // The watch may begin after the "resumed" log went out; the job's record keeps it.
        Assert.InRange(Assert.Single(finished.ResumedAfterEpochs), 2, afterRestart.EpochsDone);
        var epochNumbers = events.Where(e => e.EventCase == JobEvent.EventOneofCase.Epoch).Select(e => e.Epoch.Epoch).ToList();
        Assert.DoesNotContain(1, epochNumbers);
        Assert.Equal(20, epochNumbers.Last());
    }

    [Fact]
    public async Task A_failing_job_is_reported_failed_with_its_reason_and_the_service_keeps_serving()
    {
        await using var host = await mesh.StartTrainingAsync(mesh.NewDataRoot());
        var client = new TrainingService.TrainingServiceClient(host.Channel);
        var exploding = TrainingMesh.TinySpec(2);
        exploding.Optimizer = new OptimizerSpec { Name = "sgd", LearningRate = 1e30, Schedule = "constant" };
        var doomed = await client.StartTrainingAsync(exploding);

        var failed = (await client.WatchToEndAsync(doomed.JobId, Patience)).Last().Finished;
        Assert.Equal(JobState.JobFailed, failed.State);
        Assert.Contains("lower the learning rate", failed.Error);

        var healthy = await client.StartTrainingAsync(TrainingMesh.TinySpec(1));
        Assert.Equal(JobState.JobSucceeded, (await client.WatchToEndAsync(healthy.JobId, Patience)).Last().Finished.State);
        Assert.Equal(JobState.JobFailed, (await client.GetJobAsync(new JobRef { JobId = doomed.JobId })).State);
    }

    [Fact]
    public async Task Jobs_queue_one_at_a_time_and_a_cancelled_job_stops()
    {
        await using var host = await mesh.StartTrainingAsync(mesh.NewDataRoot());
        var client = new TrainingService.TrainingServiceClient(host.Channel);
        var first = await client.StartTrainingAsync(TrainingMesh.TinySpec(50));
        var second = await client.StartTrainingAsync(TrainingMesh.TinySpec(1));
        await client.WaitForAsync(first.JobId, j => j.State == JobState.JobRunning, Patience);
        Assert.Equal(JobState.JobQueued, (await client.GetJobAsync(new JobRef { JobId = second.JobId })).State);

        await client.CancelJobAsync(new JobRef { JobId = first.JobId });
        var cancelled = await client.WaitForAsync(first.JobId, j => j.State == JobState.JobCancelled, Patience);
        Assert.Equal(JobState.JobCancelled, cancelled.State);
        Assert.True(cancelled.EpochsDone < 50);
        Assert.Equal(JobState.JobSucceeded, (await client.WatchToEndAsync(second.JobId, Patience)).Last().Finished.State);
    }
}
