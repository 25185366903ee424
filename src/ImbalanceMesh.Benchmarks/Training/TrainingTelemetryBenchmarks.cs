extern alias training;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.ServiceDefaults.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using training::ImbalanceMesh.Training.Storage;
using training::ImbalanceMesh.Training.Telemetry;

namespace ImbalanceMesh.Benchmarks.Training;

/// <summary>
/// What the training telemetry costs where the trainer pays it, with the OpenTelemetry SDK listening as in the service
/// (`ImbalanceMesh.*` meters and sources, no exporter): one step event recorded by the meter (the job thread, at most
/// one per Training:StepEventMilliseconds), and one cached-batch read span (the feed task, one per batch).
/// Compare with a step of BareTrainingLoopBenchmarks.
/// </summary>
[MemoryDiagnoser(false)]
public class TrainingTelemetryBenchmarks
{
    private LocalRedis _jobsRedis = null!;
    private ServiceProvider _services = null!;
    private TrainingMetrics _metrics = null!;
    private JobEvent _step = null!;
    private Activity? _epoch;

    [GlobalSetup]
    public void Setup()
    {
        _services = new ServiceCollection()
            .AddMetrics()
            .AddOpenTelemetry()
            .WithMetrics(m => m.AddMeter("ImbalanceMesh.*"))
            .WithTracing(t => t.AddSource("ImbalanceMesh.*"))
            .Services.BuildServiceProvider();
        _ = _services.GetRequiredService<MeterProvider>();
        _ = _services.GetRequiredService<TracerProvider>();
        _jobsRedis = new LocalRedis();
        var jobs = new JobStore(_jobsRedis.Connection);
        var job = new Job { JobId = "job-bench", PlanId = "plan-bench", Spec = new TrainingSpec { Name = "oversample" } };
        jobs.Add(new StoredJob(job, new JobProgress { ValidationPlanId = "plan-val" }));
        _metrics = new TrainingMetrics(_services.GetRequiredService<IMeterFactory>(), jobs);
        _step = new JobEvent
        {
            JobId = job.JobId,
            Step = new StepProgress { Epoch = 1, Step = 3, StepsPerEpoch = 100, Loss = 0.7, LearningRate = 0.003, ImagesPerSecond = 2000, DataWaitFraction = 0.01 },
        };
        _metrics.Record(_step);
        _epoch = TrainingActivities.StartEpoch(job, 1);
    }

    [Benchmark]
    public void RecordStepEvent() => _metrics.Record(_step);

    [Benchmark]
    public void BatchReadSpan()
    {
        using var activity = TrainingActivities.StartBatchRead("plan-bench", 0, 3);
        activity?.SetTag(MeshTags.CacheHit, true);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _epoch?.Dispose();
        _services.Dispose();
        _jobsRedis.Dispose();
    }
}
