using System.Text.Json;
using Grpc.Core;
using Xunit.Abstractions;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Training.Tests.Support;

namespace ImbalanceMesh.Training.Tests.Faults;

/// <summary>
/// SIGKILL of each part of the mesh while a job trains (and of ingestion mid-import), then the part started again on
/// the same data: every job ends succeeded with all its epochs, with whole checkpoints and no leftover files. The
/// tests share one mesh and run one after another; each leaves every process running.
/// </summary>
public sealed class FaultInjectionTests(FaultMesh mesh, ITestOutputHelper output) : IClassFixture<FaultMesh>, IAsyncLifetime
{
    private const int Epochs = 4;
    private static readonly TimeSpan Guard = TimeSpan.FromMinutes(3);

    private TrainingService.TrainingServiceClient Client => mesh.TrainingClient;

    public Task InitializeAsync() => mesh.EnsureRunningAsync();

    /// <summary>The services' last log lines, shown with a failure.</summary>
    public Task DisposeAsync()
    {
        foreach (var service in new[] { mesh.Training, mesh.Augmentation, mesh.Ingestion })
            output.WriteLine($"--- {service.Name}\n{service.RecentOutput}");
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_job_survives_a_SIGKILL_of_the_augmentation_service_mid_epoch()
    {
        var job = await mesh.StartJobAsync(Epochs);
        using var tape = new JobEventTape(Client, job.JobId);
        await tape.UntilAsync(MidEpoch, Guard);

        await mesh.Augmentation.KillAsync();
        var retry = await tape.UntilAsync(e => e.EventCase == JobEvent.EventOneofCase.Log && e.Log.Contains("retry"), Guard);
        Assert.True(retry.EventCase == JobEvent.EventOneofCase.Log, $"the job ended instead of retrying: {retry}");
        await mesh.Augmentation.StartAsync();

        await AssertSucceededWholeAsync(job.JobId);
    }

    [Fact]
    public async Task A_job_survives_a_SIGKILL_of_redis_mid_epoch_and_its_restart_empty()
    {
        var job = await mesh.StartJobAsync(Epochs);
        using var tape = new JobEventTape(Client, job.JobId);
        var before = await tape.UntilAsync(MidEpoch, Guard);

        await mesh.Redis.KillAsync();
        await mesh.Redis.StartAsync();
        await tape.UntilAsync(e => e.EventCase == JobEvent.EventOneofCase.Epoch && e.Epoch.Epoch > before.Step.Epoch, Guard);

        await AssertSucceededWholeAsync(job.JobId);
    }

    [Fact]
    public async Task A_job_and_its_watcher_survive_a_SIGKILL_of_the_training_service_mid_epoch()
    {
        const int epochs = 2 * Epochs; // the watcher (a new process) must connect before the job ends
        var job = await mesh.StartJobAsync(epochs);
        using var watcher = new ImeshProcess("job", "watch", job.JobId, "--training", mesh.Training.Address, "--json");
        using (var tape = new JobEventTape(Client, job.JobId))
        {
            await watcher.WaitForErrorTextAsync("epochs done", Guard);
            await tape.UntilAsync(MidEpoch, Guard);
        }

        await mesh.Training.KillAsync();
        await mesh.Training.StartAsync();

        var exit = await watcher.ExitCodeAsync(Guard);
        Assert.True(exit == 0, $"imesh job watch exited {exit}:\n{watcher.Errors}\n{watcher.Output}");
        using var outcome = JsonDocument.Parse(watcher.Output);
        Assert.Equal("succeeded", outcome.RootElement.GetProperty("status").GetString());
        Assert.Equal(epochs, outcome.RootElement.GetProperty("epochs_done").GetInt32());
        await AssertSucceededWholeAsync(job.JobId, epochs);
    }

    [Fact]
    public async Task A_SIGKILL_of_ingestion_mid_import_leaves_no_half_version_or_orphan_pack_and_the_job_succeeds()
    {
        var job = await mesh.StartJobAsync(Epochs);
        using var tape = new JobEventTape(Client, job.JobId);
        await tape.UntilAsync(MidEpoch, Guard);
        var datasets = (await mesh.IngestionClient.ListDatasetsAsync(new ListDatasetsRequest())).Datasets;
        var packs = Path.Combine(mesh.IngestionDataRoot, "packs");
        var packsBefore = Directory.GetFiles(packs);

        using (var upload = mesh.IngestionClient.Upload())
        {
            await UploadWithoutFinishingAsync(upload, packs, packsBefore.Length);
            await mesh.Ingestion.KillAsync();
        }
        await mesh.Ingestion.StartAsync();

        Assert.Equal(datasets, (await mesh.IngestionClient.ListDatasetsAsync(new ListDatasetsRequest())).Datasets);
        Assert.Equal(packsBefore, Directory.GetFiles(packs));
        await AssertSucceededWholeAsync(job.JobId);
    }

    [Fact]
    public async Task A_job_survives_a_restart_of_the_whole_mesh_with_a_non_persistent_redis()
    {
        var job = await mesh.StartJobAsync(Epochs);
        using (var tape = new JobEventTape(Client, job.JobId)) await tape.UntilAsync(MidEpoch, Guard);

        await mesh.RestartEverythingAsync();

        await AssertSucceededWholeAsync(job.JobId);
    }

    [Fact]
    public async Task Resuming_a_succeeded_job_is_refused_by_imesh_with_the_state_named()
    {
        var job = await mesh.StartJobAsync(1);
        await AssertSucceededWholeAsync(job.JobId, epochs: 1);

        using var resume = new ImeshProcess("job", "resume", job.JobId, "--training", mesh.Training.Address);
        var exit = await resume.ExitCodeAsync(Guard);

        Assert.NotEqual(0, exit);
        Assert.Contains($"job {job.JobId} is succeeded (1/1 epochs done); only a failed or cancelled job can be resumed", resume.Errors);
    }

    [Fact]
    public async Task A_job_held_by_a_SIGKILLed_replica_is_taken_over_by_the_other_from_its_last_checkpoint_once_the_lease_expires()
    {
        const int epochs = 3 * Epochs; // time for the other replica to take over, with epochs left
        await using var other = mesh.NewTrainingReplica();
        await other.StartAsync();
        await using var jobsRedis = await mesh.JobsRedis.ConnectAsync();
        var job = await mesh.StartJobAsync(epochs);
        var replicas = new[] { mesh.Training, other };
        using (var tape = new JobEventTape(Client, job.JobId)) await tape.UntilAsync(MidEpoch, Guard);
        var holder = await FaultMesh.LeaseHolderAsync(jobsRedis, job.JobId);
        var held = replicas.Single(r => holder?.Contains($"/{r.ProcessId}/") == true);
        var survivor = replicas.Single(r => r != held);
        var client = new TrainingService.TrainingServiceClient(survivor.Channel);
        using var watch = new JobEventTape(client, job.JobId);

        await held.KillAsync();

        var resumed = await watch.UntilAsync(e => e.EventCase == JobEvent.EventOneofCase.Log && e.Log.StartsWith("resumed from the checkpoint of epoch"), Guard);
        Assert.True(resumed.EventCase == JobEvent.EventOneofCase.Log, $"not taken over: {resumed}");
        Assert.Contains($"/{survivor.ProcessId}/", await FaultMesh.LeaseHolderAsync(jobsRedis, job.JobId));
        var finished = await watch.UntilAsync(e => e.EventCase == JobEvent.EventOneofCase.Finished, Guard);
        Assert.Equal(JobState.JobSucceeded, finished.Finished?.State);
        await AssertSucceededWholeAsync(job.JobId, epochs, client);
    }

    [Fact]
    public async Task A_replica_stalled_past_its_lease_keeps_its_job_when_no_other_replica_took_it()
    {
        const int epochs = 2 * Epochs;
        await using var jobsRedis = await mesh.JobsRedis.ConnectAsync();
        var job = await mesh.StartJobAsync(epochs);
        using (var tape = new JobEventTape(Client, job.JobId)) await tape.UntilAsync(MidEpoch, Guard);
        var holder = await FaultMesh.LeaseHolderAsync(jobsRedis, job.JobId);
        Assert.Contains($"/{mesh.Training.ProcessId}/", holder);

        await mesh.Training.PauseAsync(async () =>
        {
            var deadline = DateTime.UtcNow + Guard;
            while (await FaultMesh.LeaseHolderAsync(jobsRedis, job.JobId) is not null && DateTime.UtcNow < deadline) await Task.Delay(50);
            Assert.Null(await FaultMesh.LeaseHolderAsync(jobsRedis, job.JobId)); // the lease really expired while it was stopped
        });

        var done = await AssertSucceededWholeAsync(job.JobId, epochs);
        Assert.Empty(done.ResumedAfterEpochs); // not thrown away and taken over again from its checkpoint
    }

    private static bool MidEpoch(JobEvent e) => e.EventCase == JobEvent.EventOneofCase.Step && e.Step.Epoch >= 2 && e.Step.Step > 2;

    /// <summary>Sends images of a new dataset and never finishes the upload; returns once its pack is being written.</summary>
    private async Task UploadWithoutFinishingAsync(AsyncClientStreamingCall<UploadChunk, ImportResult> upload, string packs, int packsBefore)
    {
        await upload.RequestStream.WriteAsync(new UploadChunk { Header = new ImportOptions { Dataset = "half" } });
        var images = ImbalanceMesh.Imaging.Demo.DemoDataset.Generate(new Dictionary<string, int> { ["circle"] = 300, ["square"] = 300 }, size: 16);
        foreach (var image in images)
            await upload.RequestStream.WriteAsync(new UploadChunk
            {
                File = new UploadFile { ClassName = image.ClassName, FileName = image.FileName, Data = Google.Protobuf.ByteString.CopyFrom(image.Png), Last = true },
            });
        var deadline = DateTime.UtcNow + Guard;
        while (Directory.GetFiles(packs).Length == packsBefore)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("the import never started its pack");
            await Task.Delay(20);
        }
    }

    /// <summary>
    /// The job succeeded with every epoch; its checkpoint is whole (five files, the last card at the last epoch, the
    /// best one downloadable) and no temp file is left anywhere under the training data root.
    /// </summary>
    private async Task<Job> AssertSucceededWholeAsync(string jobId, int epochs = Epochs, TrainingService.TrainingServiceClient? client = null)
    {
        client ??= Client;
        var done = await client.WaitForAsync(jobId, j => j.State is JobState.JobSucceeded or JobState.JobFailed or JobState.JobCancelled, Guard);
        Assert.True(done.State == JobState.JobSucceeded, $"job {jobId} ended {done.State}: {done.Error}");
        Assert.Equal(epochs, done.EpochsDone);

        var folder = Path.Combine(mesh.TrainingDataRoot, "checkpoints", jobId);
        Assert.Equal(["best.card", "best.model", "last.card", "last.model", "last.optimizer"],
            Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(epochs, ModelCard.Parser.ParseFrom(File.ReadAllBytes(Path.Combine(folder, "last.card"))).Epoch);
        Assert.Empty(Directory.GetFiles(mesh.TrainingDataRoot, "*.tmp", SearchOption.AllDirectories));

        using var checkpoint = client.GetCheckpoint(new JobRef { JobId = jobId });
        long bytes = 0;
        await foreach (var chunk in checkpoint.ResponseStream.ReadAllAsync()) bytes += chunk.Data.Length;
        Assert.True(bytes > 0);
        return done;
    }
}
