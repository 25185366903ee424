using System.Diagnostics;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Modeling.Runtime;
using ImbalanceMesh.Training.Configuration;
using ImbalanceMesh.Training.Jobs;
using ImbalanceMesh.Training.Specs;
using ImbalanceMesh.Training.Storage;
using ImbalanceMesh.Training.Telemetry;
using Microsoft.Extensions.Options;

namespace ImbalanceMesh.Training.Loop;

/// <summary>
/// Trains one job from its last completed epoch to the end: pulls batches, steps, validates, checkpoints, publishes
/// progress, and stops early when validation balanced accuracy stops improving.
/// </summary>
public sealed class JobRunner(
    PlanResolver plans,
    IngestionService.IngestionServiceClient ingestion,
    JobStore jobs,
    CheckpointStore checkpoints,
    PretrainedStore pretrained,
    JobEventHub events,
    BatchFeeds feeds,
    Validator validator,
    DecouplingRunner decoupling,
    IOptions<TrainingOptions> options,
    ILogger<JobRunner> logger)
{
    private readonly TrainingOptions _options = options.Value;

    /// <summary>Runs until done; returns the final stored job. OperationCanceledException leaves the job as it was saved.</summary>
    public async Task<StoredJob> RunAsync(StoredJob stored, JobLease lease, CancellationToken ct)
    {
        var job = stored.Job;
        var spec = job.Spec;
        var progress = stored.Progress;
        DevicePreferenceParser.TryParse(spec.Device, out var preference);
        TorchRuntime.SetThreads(spec.Threads > 0 ? spec.Threads : _options.Threads);
        var device = TorchRuntime.SelectDevice(preference);
        job.Device = device.type.ToString().ToLowerInvariant();

        var plan = await EnsurePlanAsync(job.JobId, job.PlanId, progress.TrainingPlanSpec, ct);
        var validationPlan = progress.ValidationPlanId.Length > 0
            ? await EnsurePlanAsync(job.JobId, progress.ValidationPlanId, progress.ValidationPlanSpec, ct)
            : null;
        var statistics = await ClassStatistics.FetchAsync(ingestion, plan, spec.Loss, ct);
        var prior = validationPlan is null ? null : await ValidationPrior.ResolveAsync(ingestion, spec, plan, ct);
        if (prior is not null) Publish(job.JobId, new JobEvent { Log = prior.Describe(plan.Classes) });
        foreach (var warning in job.Warnings)
        {
            Publish(job.JobId, new JobEvent { Log = $"warning: {warning}" });
            logger.LogWarning("Job {Job}: {Warning}", job.JobId, warning);
        }
        TrainingSession? session = null;
        try
        {
            for (var epoch = job.EpochsDone; !progress.JointTrainingDone && epoch < spec.Epochs; epoch++)
            {
                using var epochActivity = TrainingActivities.StartEpoch(job, epoch + 1);
                var meter = new EpochMeter();
                TimeSpan waited;
                await using (var feed = feeds.Open(plan, epoch, ct))
                {
                    var lastEvent = Stopwatch.StartNew();
                    while (await feed.NextAsync(ct) is { } batch)
                    {
                        using var _ = batch;
                        session ??= Open(spec, plan, statistics, batch, device, job);
                        var loss = session.Step(batch, epoch, meter.Steps);
                        meter.Add(batch.Batch.Count, loss);
                        if (lastEvent.ElapsedMilliseconds >= _options.StepEventMilliseconds || meter.Steps == plan.StepsPerEpoch)
                        {
                            lastEvent.Restart();
                            Publish(job.JobId, new JobEvent
                            {
                                Step = new StepProgress
                                {
                                    Epoch = epoch + 1,
                                    Step = meter.Steps,
                                    StepsPerEpoch = plan.StepsPerEpoch,
                                    Loss = loss,
                                    LearningRate = session.Schedule.At(epoch, meter.Steps - 1),
                                    ImagesPerSecond = meter.ImagesPerSecond,
                                    DataWaitFraction = meter.DataWaitFraction(feed.WaitTime),
                                },
                            });
                        }
                    }
                    waited = feed.WaitTime;
                }
                if (session is null) throw new InvalidDataException($"plan {plan.PlanId} produced no batches for epoch {epoch + 1}");
                var trainSeconds = meter.Elapsed.TotalSeconds;
                var summary = new EpochSummary
                {
                    Epoch = epoch + 1,
                    TrainLoss = meter.MeanLoss,
                    ImagesPerSecond = meter.ImagesPerSecond,
                    DataWaitFraction = meter.DataWaitFraction(waited),
                };
                var validationWatch = Stopwatch.StartNew();
                var score = validationPlan is not null ? await validator.ScoreAsync(session, validationPlan, prior, ct) : null;
                summary.ValBalancedAccuracy = score?.BalancedAccuracy ?? 0;
                summary.ValMacroF1 = score?.MacroF1 ?? 0;
                if (score?.Unadjusted is { } own) (summary.ValBalancedAccuracyUnadjusted, summary.ValMacroF1Unadjusted) = (own.BalancedAccuracy, own.MacroF1);
                summary.Seconds = trainSeconds;
                summary.ValidationSeconds = score is null ? 0 : validationWatch.Elapsed.TotalSeconds;
                summary.ValidationSamples = score?.Samples ?? 0;

                // A replica whose lease ended (its heartbeat cancels ct) must not write the files its successor owns.
                ct.ThrowIfCancellationRequested();
                (job, progress) = Checkpoint(session, job, progress, epoch, score, lease);
                Publish(job.JobId, new JobEvent { Epoch = summary });
                logger.LogInformation("Job {Job} epoch {Epoch}/{Epochs}: loss {Loss:F4}, {Rate:F0} img/s, wait {Wait:P1}, val bacc {Bacc:F4} ({ValSamples} images in {ValSeconds:F1} s), RSS {RssMiB} MiB (managed heap {HeapMiB} MiB, GC fence broken {Broken})",
                    job.JobId, epoch + 1, spec.Epochs, summary.TrainLoss, summary.ImagesPerSecond, summary.DataWaitFraction,
                    summary.ValBalancedAccuracy, summary.ValidationSamples, summary.ValidationSeconds, Environment.WorkingSet >> 20, GC.GetGCMemoryInfo().HeapSizeBytes >> 20, TorchGcFence.BrokenRegions);
                if (spec.EarlyStoppingPatience > 0 && progress.EpochsWithoutImprovement >= spec.EarlyStoppingPatience)
                {
                    Publish(job.JobId, new JobEvent
                    {
                        Log = $"early stop after epoch {epoch + 1}: no better validation balanced accuracy for {spec.EarlyStoppingPatience} epochs (best {job.BestValBalancedAccuracy:F4} at epoch {progress.BestEpoch})",
                    });
                    break;
                }
            }
            if (spec.Decoupling is not null)
            {
                if (!progress.JointTrainingDone)
                {
                    progress = progress with { JointTrainingDone = true };
                    Save(new StoredJob(job, progress), lease);
                }
                var stagePlan = progress.StagePlanId.Length > 0
                    ? await EnsurePlanAsync(job.JobId, progress.StagePlanId, progress.StagePlanSpec, ct)
                    : null;
                session ??= await OpenOnFirstBatchAsync(spec, stagePlan ?? plan, statistics, device, job, ct);
                job = await decoupling.RunAsync(job, session, stagePlan, validationPlan, prior,
                    message => Publish(job.JobId, new JobEvent { Log = message }), ct);
            }
            if (session is not null && validationPlan is not null) job = await ScoreFullSplitAsync(job, session, plan, validationPlan, prior, ct);
            job.State = JobState.JobSucceeded;
            var done = new StoredJob(job, progress);
            Save(done, lease);
            return done;
        }
        finally
        {
            session?.Dispose();
        }
    }

    /// <summary>When the epochs scored a capped subset of the VAL split, scores the whole split once with the final model.</summary>
    private async Task<Job> ScoreFullSplitAsync(Job job, TrainingSession session, Plan plan, Plan validationPlan, ValidationPrior? prior,
        CancellationToken ct)
    {
        if (validationPlan.Spec.Sampling.MaxSamples == 0 || validationPlan.SourceSamples <= validationPlan.Spec.Sampling.MaxSamples) return job;
        var (full, _) = await plans.CreateValidationPlanAsync(plan, 0, ct);
        if (full is null) return job;
        var watch = Stopwatch.StartNew();
        var score = await validator.ScoreAsync(session, full, prior, ct);
        var scored = job.Clone();
        (scored.FullValBalancedAccuracy, scored.FullValMacroF1, scored.FullValSamples) = (score.BalancedAccuracy, score.MacroF1, score.Samples);
        if (score.Unadjusted is { } own) (scored.FullValBalancedAccuracyUnadjusted, scored.FullValMacroF1Unadjusted) = (own.BalancedAccuracy, own.MacroF1);
        var adjusted = prior is null ? "" : $" (prior-adjusted, τ = {prior.Tau:0.###}; unadjusted {score.Unadjusted!.BalancedAccuracy:F4} / {score.Unadjusted.MacroF1:F4})";
        Publish(job.JobId, new JobEvent
        {
            Log = $"whole validation split ({score.Samples} images, {watch.Elapsed.TotalSeconds:F1} s): balanced accuracy {score.BalancedAccuracy:F4}, macro-F1 {score.MacroF1:F4}{adjusted}",
        });
        return scored;
    }

    private async Task<Plan> EnsurePlanAsync(string jobId, string planId, byte[]? storedSpec, CancellationToken ct)
    {
        var (plan, recreated) = await plans.EnsureAsync(planId, storedSpec, ct);
        if (recreated)
        {
            Publish(jobId, new JobEvent { Log = $"plan {planId} was gone from the augmentation service (Redis restarted?); re-created it from the job's spec" });
            logger.LogWarning("Job {Job}: plan {Plan} was missing and has been re-created from the stored spec", jobId, planId);
        }
        return plan;
    }

    /// <summary>A session for a job whose joint epochs were all done before this run (a resumed decoupling stage).</summary>
    private async Task<TrainingSession> OpenOnFirstBatchAsync(TrainingSpec spec, Plan plan, ClassStatistics statistics,
        TorchSharp.torch.Device device, Job job, CancellationToken ct)
    {
        await using var feed = feeds.Open(plan, 0, ct);
        using var first = await feed.NextAsync(ct) ?? throw new InvalidDataException($"plan {plan.PlanId} produced no batches");
        return Open(spec, plan, statistics, first, device, job);
    }

    private TrainingSession Open(TrainingSpec spec, Plan plan, ClassStatistics statistics, PreparedBatch first,
        TorchSharp.torch.Device device, Job job)
    {
        TrainingSession session;
        using (var weights = job.EpochsDone == 0 && spec.Pretrained is { } p ? pretrained.Open(p.Sha256) : null)
            session = TrainingSession.Create(spec, plan, statistics, first.Batch, device, weights);
        if (job.EpochsDone > 0)
        {
            var latest = checkpoints.LoadLatest(job.JobId)
                ?? throw new InvalidDataException($"job {job.JobId} finished {job.EpochsDone} epochs but its checkpoint is missing");
            session.Restore(latest.Model, latest.Optimizer);
            // Stored with the next checkpoint, so the job's record says it resumed even when nobody watched it happen.
            job.ResumedAfterEpochs.Add(job.EpochsDone);
            Publish(job.JobId, new JobEvent { Log = $"resumed from the checkpoint of epoch {job.EpochsDone}" });
            logger.LogInformation("Job {Job} resumed after epoch {Epoch}", job.JobId, job.EpochsDone);
        }
        return session;
    }

    /// <summary>Writes the epoch's checkpoint(s), then the job row, so a crash never leaves a row ahead of its files.</summary>
    private (Job, JobProgress) Checkpoint(TrainingSession session, Job job, JobProgress progress, int epoch, ValidationScore? score,
        JobLease lease)
    {
        var epochsDone = epoch + 1;
        var accuracy = score?.BalancedAccuracy ?? 0;
        var improved = score is null || job.EpochsDone == 0 && !job.HasCheckpoint || accuracy > job.BestValBalancedAccuracy;
        var model = session.SaveModel();
        var card = session.Card(job.JobId, epochsDone, accuracy);
        if (improved) checkpoints.SaveBest(job.JobId, model, card);
        checkpoints.SaveLatest(job.JobId, model, session.SaveOptimizer(), card);

        var updated = job.Clone();
        updated.EpochsDone = epochsDone;
        updated.HasCheckpoint = true;
        if (improved) updated.BestValBalancedAccuracy = accuracy;
        var next = progress with
        {
            BestEpoch = improved ? epochsDone : progress.BestEpoch,
            EpochsWithoutImprovement = improved ? 0 : progress.EpochsWithoutImprovement + 1,
        };
        Save(new StoredJob(updated, next), lease);
        return (updated, next);
    }

    private void Save(StoredJob stored, JobLease lease)
    {
        if (!jobs.SaveHeld(stored, lease)) throw new JobLeaseLostException(stored.Job.JobId);
    }

    private void Publish(string jobId, JobEvent jobEvent)
    {
        jobEvent.JobId = jobId;
        events.Publish(jobEvent);
    }
}
