using System.Diagnostics;
using System.Diagnostics.Metrics;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Testing;
using ImbalanceMesh.Training.Telemetry;
using ImbalanceMesh.Training.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace ImbalanceMesh.Training.Tests;

public sealed class TelemetryTests(TrainingMesh mesh) : IClassFixture<TrainingMesh>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_tiny_job_records_what_WatchJob_reports_tagged_with_its_job_id_and_strategy()
    {
        await using var host = await mesh.StartTrainingAsync(mesh.NewDataRoot());
        var meters = host.Services.GetRequiredService<IMeterFactory>();
        using var stepLoss = Collect<double>(meters, "imesh.training.step.loss");
        using var learningRate = Collect<double>(meters, "imesh.training.learning_rate");
        using var throughput = Collect<double>(meters, "imesh.training.throughput");
        using var dataWait = Collect<double>(meters, "imesh.training.data_wait");
        using var epochLoss = Collect<double>(meters, "imesh.training.epoch.loss");
        using var balancedAccuracy = Collect<double>(meters, "imesh.training.validation.balanced_accuracy");
        using var epochDuration = Collect<double>(meters, "imesh.training.epoch.duration");
        using var epochsDone = Collect<long>(meters, "imesh.training.epochs");
        using var jobs = Collect<long>(meters, "imesh.training.jobs");
        var client = new TrainingService.TrainingServiceClient(host.Channel);
        var spec = TrainingMesh.TinySpec(2);
        spec.Name = "telemetry-probe";

        var job = await client.StartTrainingAsync(spec);
        var events = await client.WatchToEndAsync(job.JobId, Patience);

        Assert.Equal(JobState.JobSucceeded, events.Last().Finished.State);
        var steps = events.Where(e => e.EventCase == JobEvent.EventOneofCase.Step).Select(e => e.Step).ToList();
        var epochs = events.Where(e => e.EventCase == JobEvent.EventOneofCase.Epoch).Select(e => e.Epoch).ToList();
        Assert.Equal([1, 2], epochs.Select(e => e.Epoch));
        foreach (var collector in new[] { stepLoss, learningRate, throughput, dataWait, epochLoss, balancedAccuracy, epochDuration })
            Assert.All(collector.GetMeasurementSnapshot(), m => AssertTaggedWith(m.Tags, job.JobId));
        // Training:StepEventMilliseconds is 0 here, so every step is an event; the watcher may have joined after the first.
        var stepsRun = 2 * 4;
        var losses = stepLoss.GetMeasurementSnapshot().Select(m => m.Value).ToList();
        Assert.Equal(stepsRun, losses.Count);
        Assert.Equal(steps.Select(s => s.Loss), losses.TakeLast(steps.Count));
        Assert.All(learningRate.GetMeasurementSnapshot(), m => Assert.Equal(0.01, m.Value, 9));
        Assert.Equal(stepsRun, learningRate.GetMeasurementSnapshot().Count);
        // Throughput and data wait: the step figures, then the epoch's own at its end.
        var rates = throughput.GetMeasurementSnapshot().Select(m => m.Value).ToList();
        Assert.Equal(stepsRun + epochs.Count, rates.Count);
        Assert.All(rates, r => Assert.True(r > 0));
        Assert.Equal(epochs.Select(e => e.ImagesPerSecond), [rates[4], rates[9]]);
        var waits = dataWait.GetMeasurementSnapshot().Select(m => m.Value).ToList();
        Assert.All(waits, w => Assert.InRange(w, 0, 1));
        Assert.Equal(epochs.Select(e => e.DataWaitFraction), [waits[4], waits[9]]);
        Assert.Equal(epochs.Select(e => e.TrainLoss), epochLoss.GetMeasurementSnapshot().Select(m => m.Value));
        Assert.Equal(epochs.Select(e => e.ValBalancedAccuracy), balancedAccuracy.GetMeasurementSnapshot().Select(m => m.Value));
        Assert.Equal(epochs.Select(e => e.Seconds), epochDuration.GetMeasurementSnapshot().Select(m => m.Value));
        Assert.Equal(2, epochsDone.GetMeasurementSnapshot().Sum(m => m.Value));
        var finished = Assert.Single(jobs.GetMeasurementSnapshot());
        Assert.Equal(1, finished.Value);
        Assert.Equal(("telemetry-probe", "succeeded"), ((string?)finished.Tags[TrainingStrategy.Tag], (string?)finished.Tags["imesh.job.state"]));
    }

    [Fact]
    public async Task An_epoch_is_one_trace_from_the_trainers_batch_fetch_through_the_grpc_call_into_augmentation()
    {
        await using var host = await mesh.StartTrainingAsync(mesh.NewDataRoot());
        var client = new TrainingService.TrainingServiceClient(host.Channel);
        using var spans = new SpanRecorder();
        // A seed no other test uses: a plan whose batches are not cached yet, so the first read misses and the
        // rest of the epoch is streamed from the augmentation service.
        var spec = TrainingMesh.TinySpec(1);
        spec.Plan.Seed = 4711;

        var job = await client.StartTrainingAsync(spec);
        Assert.Equal(JobState.JobSucceeded, (await client.WatchToEndAsync(job.JobId, Patience)).Last().Finished.State);

        var epoch = Assert.Single(spans.Ended, s => s.OperationName == "training.epoch" && Tag(s, "imesh.job.id") == job.JobId);
        Assert.Equal(default, epoch.ParentSpanId);
        var inTrace = spans.Ended.Where(s => s.TraceId == epoch.TraceId).ToList();
        var firstRead = Assert.Single(inTrace, s => s.OperationName == "training.batch.read" && Tag(s, "imesh.plan.id") == job.PlanId);
        Assert.Equal((job.JobId, false), (Tag(firstRead, "imesh.job.id"), firstRead.GetTagItem("imesh.cache.hit")));
        var stream = Assert.Single(inTrace, s => s.OperationName == "training.batch.stream" && Tag(s, "imesh.plan.id") == job.PlanId);
        Assert.Equal(epoch.SpanId, stream.ParentSpanId);
        Assert.Equal(job.JobId, Tag(stream, "imesh.job.id"));
        var grpcCall = Assert.Single(inTrace, s => s.ParentSpanId == stream.SpanId && s.Kind == ActivityKind.Client);
        var server = Assert.Single(await spans.WaitForAsync(s => s.TraceId == epoch.TraceId && s.Kind == ActivityKind.Server
            && s.DisplayName.Contains("StreamBatches") && IsBelow(s, grpcCall, spans.Ended)));
        var served = spans.Ended.Where(s => s.OperationName == "augmentation.batch.serve" && s.ParentSpanId == server.SpanId).ToList();
        Assert.Equal(Enumerable.Range(0, 4), served.Select(s => (int)s.GetTagItem("imesh.batch.index")!).Order());
    }

    private static MetricCollector<T> Collect<T>(IMeterFactory meters, string instrument) where T : struct =>
        new(meters, TrainingMetrics.MeterName, instrument);

    private static void AssertTaggedWith(IReadOnlyDictionary<string, object?> tags, string jobId)
    {
        Assert.Equal(jobId, tags["imesh.job.id"]);
        Assert.Equal("telemetry-probe", tags[TrainingStrategy.Tag]);
    }

    private static string? Tag(Activity span, string name) => span.GetTagItem(name) as string;

    /// <summary>Whether span descends from ancestor through spans that were recorded.</summary>
    private static bool IsBelow(Activity span, Activity ancestor, IReadOnlyList<Activity> recorded)
    {
        var bySpanId = recorded.GroupBy(s => s.SpanId).ToDictionary(g => g.Key, g => g.First());
        for (var current = span; bySpanId.TryGetValue(current.ParentSpanId, out var parent); current = parent)
            if (parent.SpanId == ancestor.SpanId) return true;
        return false;
    }
}
