using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.ServiceDefaults.Telemetry;
using ImbalanceMesh.Training.Storage;

namespace ImbalanceMesh.Training.Telemetry;

/// <summary>
/// The ImbalanceMesh.Training meter. It records the figures WatchJob reports, from the same events (JobEventHub hands
/// each one here), so the dashboard and `imesh job` never disagree and the step loop does no work of its own for it:
/// the step gauges move with the step events (at most one per Training:StepEventMilliseconds), the epoch instruments
/// once an epoch. Metrics carry the job id and strategy, not the epoch: a tag per epoch would make every epoch a new
/// series; the epoch is on the spans, and imesh.training.epochs counts them.
/// </summary>
public sealed class TrainingMetrics
{
    public const string MeterName = "ImbalanceMesh.Training";

    private readonly JobStore _jobs;
    private readonly ConcurrentDictionary<string, JobTags> _running = new(StringComparer.Ordinal);
    private readonly Gauge<double> _stepLoss;
    private readonly Gauge<double> _learningRate;
    private readonly Gauge<double> _throughput;
    private readonly Gauge<double> _dataWait;
    private readonly Gauge<double> _epochLoss;
    private readonly Gauge<double> _validationBalancedAccuracy;
    private readonly Histogram<double> _epochDuration;
    private readonly Counter<long> _epochs;
    private readonly Counter<long> _finished;

    public TrainingMetrics(IMeterFactory meters, JobStore jobs)
    {
        _jobs = jobs;
        var meter = meters.Create(MeterName);
        _stepLoss = meter.CreateGauge<double>("imesh.training.step.loss", "1", "Training loss of the latest step");
        _learningRate = meter.CreateGauge<double>("imesh.training.learning_rate", "1", "Learning rate of the latest step");
        _throughput = meter.CreateGauge<double>("imesh.training.throughput", "{image}/s", "Images stepped per second, this epoch so far");
        _dataWait = meter.CreateGauge<double>("imesh.training.data_wait", "1",
            "Share of this epoch's wall time the step loop spent waiting for batches (0-1)");
        _epochLoss = meter.CreateGauge<double>("imesh.training.epoch.loss", "1", "Mean training loss of the last finished epoch");
        _validationBalancedAccuracy = meter.CreateGauge<double>("imesh.training.validation.balanced_accuracy", "1",
            "Balanced accuracy on the validation split after the last finished epoch (0-1)");
        _epochDuration = meter.CreateHistogram<double>("imesh.training.epoch.duration", "s", "Wall time of an epoch's training steps");
        _epochs = meter.CreateCounter<long>("imesh.training.epochs", "{epoch}", "Epochs finished");
        _finished = meter.CreateCounter<long>("imesh.training.jobs", "{job}", "Jobs that reached a final state, by state");
    }

    public void Record(JobEvent jobEvent)
    {
        switch (jobEvent.EventCase)
        {
            case JobEvent.EventOneofCase.Step when TagsOf(jobEvent.JobId) is { } job:
                var step = jobEvent.Step;
                _stepLoss.Record(step.Loss, job.Tags);
                _learningRate.Record(step.LearningRate, job.Tags);
                _throughput.Record(step.ImagesPerSecond, job.Tags);
                _dataWait.Record(step.DataWaitFraction, job.Tags);
                break;
            case JobEvent.EventOneofCase.Epoch when TagsOf(jobEvent.JobId) is { } job:
                var epoch = jobEvent.Epoch;
                _epochLoss.Record(epoch.TrainLoss, job.Tags);
                _throughput.Record(epoch.ImagesPerSecond, job.Tags);
                _dataWait.Record(epoch.DataWaitFraction, job.Tags);
                if (job.Validated) _validationBalancedAccuracy.Record(epoch.ValBalancedAccuracy, job.Tags);
                _epochDuration.Record(epoch.Seconds, job.Tags);
                _epochs.Add(1, job.Tags);
                break;
            case JobEvent.EventOneofCase.Finished:
                var finished = jobEvent.Finished;
                _finished.Add(1, new TagList { { TrainingStrategy.Tag, TrainingStrategy.Of(finished.Spec) }, { "imesh.job.state", StateName(finished.State) } });
                _running.TryRemove(finished.JobId, out _);
                break;
        }
    }

    /// <summary>The job's tags, read from the job store at its first event in this process.</summary>
    private JobTags? TagsOf(string jobId)
    {
        if (_running.TryGetValue(jobId, out var known)) return known;
        if (_jobs.Find(jobId) is not { } stored) return null;
        return _running.GetOrAdd(jobId, new JobTags(
            new TagList { { MeshTags.JobId, jobId }, { TrainingStrategy.Tag, TrainingStrategy.Of(stored.Job.Spec) } },
            Validated: stored.Progress.ValidationPlanId.Length > 0));
    }

    private static string StateName(JobState state) => state switch
    {
        JobState.JobSucceeded => "succeeded",
        JobState.JobFailed => "failed",
        JobState.JobCancelled => "cancelled",
        _ => state.ToString().ToLowerInvariant(),
    };

    private sealed record JobTags(TagList Tags, bool Validated);
}
