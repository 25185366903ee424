using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Core.Decoupling;
using ImbalanceMesh.Training.Specs;
using ImbalanceMesh.Training.Storage;

namespace ImbalanceMesh.Training.Loop;

/// <summary>
/// A job's decoupling stage (docs/TRAINING.md, "Decoupling"), after its joint epochs: starts from the best joint
/// checkpoint, runs cRT or τ-norm on it, and replaces the best checkpoint by the result, whose card records what the
/// stage did. The best checkpoint is written only at the end, so a stage cut short starts again from the joint model;
/// a best card that already records the stage means it is done.
/// </summary>
public sealed class DecouplingRunner(BatchFeeds feeds, Validator validator, CheckpointStore checkpoints, ILogger<DecouplingRunner> logger)
{
    public async Task<Job> RunAsync(Job job, TrainingSession session, Plan? stagePlan, Plan? validationPlan, ValidationPrior? prior,
        Action<string> log, CancellationToken ct)
    {
        var stage = job.Spec.Decoupling;
        var joint = checkpoints.LoadBest(job.JobId)
            ?? throw new InvalidDataException($"job {job.JobId} has no checkpoint of its joint training to decouple");
        if (joint.Card.Decoupling is not null) return job;
        session.LoadModel(joint.Model);
        var record = new DecouplingRecord
        {
            Method = stage.Method,
            JointEpoch = joint.Card.Epoch,
            ValBalancedAccuracyBefore = joint.Card.ValBalancedAccuracy,
        };
        var model = stage.Method == DecouplingStages.Crt
            ? await RetrainClassifierAsync(session, stage.Epochs, stagePlan ?? throw new InvalidDataException($"job {job.JobId} has no class-balanced plan for crt"), validationPlan, prior, record, log, ct)
            : await TauNormaliseAsync(session, stage, validationPlan, prior, record, log, ct);
        session.LoadModel(model);
        session.Decoupling = record;
        ct.ThrowIfCancellationRequested();
        checkpoints.SaveBest(job.JobId, model, session.Card(job.JobId, job.EpochsDone, record.ValBalancedAccuracyAfter));
        logger.LogInformation("Job {Job}: {Method} done, val bacc {Before:F4} -> {After:F4}", job.JobId, stage.Method,
            record.ValBalancedAccuracyBefore, record.ValBalancedAccuracyAfter);
        var updated = job.Clone();
        if (validationPlan is not null) updated.BestValBalancedAccuracy = record.ValBalancedAccuracyAfter;
        return updated;
    }

    /// <summary>K epochs of the classifier alone on balanced batches; the stage epoch with the best VAL score wins.</summary>
    private async Task<byte[]> RetrainClassifierAsync(TrainingSession session, int epochs, Plan plan, Plan? validationPlan,
        ValidationPrior? prior, DecouplingRecord record, Action<string> log, CancellationToken ct)
    {
        session.BeginClassifierRetraining(epochs, plan.StepsPerEpoch);
        byte[]? best = null;
        var bestScore = double.NegativeInfinity;
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            var meter = new EpochMeter();
            await using (var feed = feeds.Open(plan, epoch, ct))
            {
                while (await feed.NextAsync(ct) is { } batch)
                {
                    using var _ = batch;
                    meter.Add(batch.Batch.Count, session.Step(batch, epoch, meter.Steps));
                }
            }
            var score = validationPlan is null ? null : await validator.ScoreAsync(session, validationPlan, prior, ct);
            var scored = score is null ? "" : FormattableString.Invariant($", val balanced accuracy {score.BalancedAccuracy:F4}");
            log(FormattableString.Invariant(
                $"crt epoch {epoch + 1}/{epochs} (classifier only, class-balanced batches): loss {meter.MeanLoss:F4}, {meter.ImagesPerSecond:F0} img/s{scored}"));
            if (best is null || score is null || score.BalancedAccuracy > bestScore)
            {
                best = session.SaveModel();
                bestScore = score?.BalancedAccuracy ?? 0;
            }
        }
        record.Epochs = epochs;
        record.PlanId = plan.PlanId;
        record.ValBalancedAccuracyAfter = bestScore;
        return best!;
    }

    private async Task<byte[]> TauNormaliseAsync(TrainingSession session, DecouplingSpec stage, Plan? validationPlan,
        ValidationPrior? prior, DecouplingRecord record, Action<string> log, CancellationToken ct)
    {
        using var original = session.ClassifierWeight();
        async Task<double> ScoreAsync(double tau)
        {
            session.TauNormalise(original, tau);
            return validationPlan is null ? 0 : (await validator.ScoreAsync(session, validationPlan, prior, ct)).BalancedAccuracy;
        }

        double chosen;
        if (stage.HasTau) chosen = stage.Tau;
        else
        {
            var scores = new List<(double Tau, double BalancedAccuracy)>();
            foreach (var tau in DecouplingStages.TauGrid) scores.Add((tau, await ScoreAsync(tau)));
            chosen = DecouplingStages.ChooseTau(scores);
            record.TauChosenOnValidation = true;
            record.TauCandidates.Add(scores.Select(s => s.Tau));
            record.TauValBalancedAccuracy.Add(scores.Select(s => s.BalancedAccuracy));
            log("tau-norm on the validation split: " + string.Join(", ", scores.Select(s => FormattableString.Invariant($"τ {s.Tau:0.0} → {s.BalancedAccuracy:F4}"))));
        }
        record.Tau = chosen;
        record.ValBalancedAccuracyAfter = await ScoreAsync(chosen);
        log(FormattableString.Invariant($"tau-norm: classifier weights w_j / ||w_j||^{chosen:0.##}, val balanced accuracy {record.ValBalancedAccuracyAfter:F4}"));
        return session.SaveModel();
    }
}
