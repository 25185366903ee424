using Grpc.Core;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Training.Tests.Support;

namespace ImbalanceMesh.Training.Tests;

public sealed class JobResumeTests(TrainingMesh mesh) : IClassFixture<TrainingMesh>
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task A_cancelled_job_resumes_from_its_last_checkpoint_and_finishes_all_its_epochs()
    {
        await using var host = await mesh.StartTrainingAsync(mesh.NewDataRoot());
        var client = new TrainingService.TrainingServiceClient(host.Channel);
        var job = await client.StartTrainingAsync(TrainingMesh.TinySpec(12));
        await client.WaitForAsync(job.JobId, j => j.EpochsDone >= 2, Patience);
        await client.CancelJobAsync(new JobRef { JobId = job.JobId });
        var cancelled = await client.WaitForAsync(job.JobId, j => j.State == JobState.JobCancelled, Patience);
        Assert.Equal(JobState.JobCancelled, cancelled.State);

        var resumed = await client.ResumeJobAsync(new JobRef { JobId = job.JobId });

        Assert.Equal(JobState.JobQueued, resumed.State);
        Assert.Equal(cancelled.EpochsDone, resumed.EpochsDone);
        var events = await client.WatchToEndAsync(job.JobId, Patience);
        var finished = events.Last().Finished;
        Assert.Equal(JobState.JobSucceeded, finished.State);
        Assert.Equal(12, finished.EpochsDone);
        Assert.Equal([cancelled.EpochsDone], finished.ResumedAfterEpochs);
        // The watch may begin a few epochs into the resumed run; none it sees is an epoch the job had already done.
        var epochs = events.Where(e => e.EventCase == JobEvent.EventOneofCase.Epoch).Select(e => e.Epoch.Epoch).ToList();
        Assert.All(epochs, e => Assert.InRange(e, cancelled.EpochsDone + 1, 12));
        Assert.Equal(epochs.Order(), epochs);
    }

    [Fact]
    public async Task A_failed_job_can_be_resumed_and_runs_again()
    {
        await using var host = await mesh.StartTrainingAsync(mesh.NewDataRoot());
        var client = new TrainingService.TrainingServiceClient(host.Channel);
        var exploding = TrainingMesh.TinySpec(2);
        exploding.Optimizer = new OptimizerSpec { Name = "sgd", LearningRate = 1e30, Schedule = "constant" };
        var job = await client.StartTrainingAsync(exploding);
        Assert.Equal(JobState.JobFailed, (await client.WatchToEndAsync(job.JobId, Patience)).Last().Finished.State);

        var resumed = await client.ResumeJobAsync(new JobRef { JobId = job.JobId });

        Assert.Equal((JobState.JobQueued, ""), (resumed.State, resumed.Error));
        var again = (await client.WatchToEndAsync(job.JobId, Patience)).Last().Finished;
        Assert.Equal(JobState.JobFailed, again.State);
        Assert.Contains("lower the learning rate", again.Error);
    }

    [Fact]
    public async Task Resuming_a_running_or_succeeded_job_is_a_failed_precondition_naming_its_state()
    {
        await using var host = await mesh.StartTrainingAsync(mesh.NewDataRoot());
        var client = new TrainingService.TrainingServiceClient(host.Channel);
        var running = await client.StartTrainingAsync(TrainingMesh.TinySpec(50));
        var quick = await client.StartTrainingAsync(TrainingMesh.TinySpec(1));
        await client.WaitForAsync(running.JobId, j => j.State == JobState.JobRunning, Patience);

        var refused = await Assert.ThrowsAsync<RpcException>(() => client.ResumeJobAsync(new JobRef { JobId = running.JobId }).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.StartsWith($"job {running.JobId} is running (", refused.Status.Detail);

        var queued = await Assert.ThrowsAsync<RpcException>(() => client.ResumeJobAsync(new JobRef { JobId = quick.JobId }).ResponseAsync);
        Assert.Equal((StatusCode.FailedPrecondition, $"job {quick.JobId} is queued (0/1 epochs done); only a failed or cancelled job can be resumed"),
            (queued.StatusCode, queued.Status.Detail));

        await client.CancelJobAsync(new JobRef { JobId = running.JobId });
        Assert.Equal(JobState.JobSucceeded, (await client.WatchToEndAsync(quick.JobId, Patience)).Last().Finished.State);
        var succeeded = await Assert.ThrowsAsync<RpcException>(() => client.ResumeJobAsync(new JobRef { JobId = quick.JobId }).ResponseAsync);
        Assert.Equal((StatusCode.FailedPrecondition, $"job {quick.JobId} is succeeded (1/1 epochs done); only a failed or cancelled job can be resumed"),
            (succeeded.StatusCode, succeeded.Status.Detail));
    }

    [Fact]
    public async Task Resuming_an_unknown_job_is_not_found_and_an_empty_id_is_invalid()
    {
        await using var host = await mesh.StartTrainingAsync(mesh.NewDataRoot());
        var client = new TrainingService.TrainingServiceClient(host.Channel);

        var unknown = await Assert.ThrowsAsync<RpcException>(() => client.ResumeJobAsync(new JobRef { JobId = "job-nope" }).ResponseAsync);
        var empty = await Assert.ThrowsAsync<RpcException>(() => client.ResumeJobAsync(new JobRef()).ResponseAsync);

        Assert.Equal((StatusCode.NotFound, "no job 'job-nope'; list jobs with ListJobs (imesh jobs)"), (unknown.StatusCode, unknown.Status.Detail));
        Assert.Equal(StatusCode.InvalidArgument, empty.StatusCode);
    }

    [Fact]
    public async Task Temp_files_left_by_a_checkpoint_write_that_was_killed_are_removed_when_a_replica_takes_the_job()
    {
        var dataRoot = mesh.NewDataRoot();
        string jobId;
        await using (var first = await mesh.StartTrainingAsync(dataRoot))
        {
            var client = new TrainingService.TrainingServiceClient(first.Channel);
            jobId = (await client.StartTrainingAsync(TrainingMesh.TinySpec(50))).JobId;
            await client.WaitForAsync(jobId, j => j.EpochsDone >= 1, Patience);
        }
        var folder = Path.Combine(dataRoot, "checkpoints", jobId);
        var leftover = Path.Combine(folder, $"last.model.{Guid.NewGuid():N}.tmp");
        var kept = Path.Combine(folder, "notes.txt");
        File.WriteAllBytes(leftover, [1, 2, 3]);
        File.WriteAllText(kept, "not ours to delete");

        await using var second = await mesh.StartTrainingAsync(dataRoot);
        var again = new TrainingService.TrainingServiceClient(second.Channel);
        await again.WaitForAsync(jobId, j => j.State == JobState.JobRunning && !File.Exists(leftover), Patience);
        await again.CancelJobAsync(new JobRef { JobId = jobId });

        Assert.False(File.Exists(leftover));
        Assert.True(File.Exists(kept));
        Assert.True(File.Exists(Path.Combine(folder, "last.model")));
    }
}
