using Google.Protobuf;
using System.Globalization;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Core.Decoupling;
using ImbalanceMesh.Core.Strategies;
using ImbalanceMesh.Modeling.Models;
using ImbalanceMesh.Modeling.Runtime;
using ImbalanceMesh.ServiceDefaults.Errors;
using ImbalanceMesh.Training.Configuration;
using ImbalanceMesh.Training.Specs;
using ImbalanceMesh.Training.Storage;
using Microsoft.Extensions.Options;

namespace ImbalanceMesh.Training.Jobs;

/// <summary>
/// StartTraining: checks the spec, resolves the plans (so an unknown plan or a wrong class count is refused at once,
/// not minutes later), stores the job at the end of the shared queue and wakes this replica's scheduler.
/// </summary>
public sealed class JobSubmission(PlanResolver plans, PretrainedResolver pretrained, JobStore jobs, JobScheduler scheduler,
    IngestionService.IngestionServiceClient ingestion, IOptions<TrainingOptions> options)
{
    public async Task<Job> SubmitAsync(TrainingSpec input, CancellationToken ct)
    {
        var spec = TrainingSpecNormalizer.Normalize(input, options.Value.MaxThreads);
        if (spec.Device == "cuda" && !TorchRuntime.CudaAvailable)
            throw MeshException.Precondition("device 'cuda' was requested but this service has no CUDA device (it uses the CPU libtorch unless built with -p:TorchBackend=cuda); use auto or cpu");
        var plan = await plans.ResolveTrainingPlanAsync(spec, ct);
        var model = new ModelSpec(spec.Model, spec.Width, plan.Classes.Count, plan.Spec.Channels, plan.Spec.ImageSize);
        if (model.Validate() is { } problem)
            throw MeshException.Invalid($"model {spec.Model} cannot train on plan {plan.PlanId}: {problem}");
        if (spec.Pretrained is not null) spec.Pretrained = pretrained.Resolve(spec.Pretrained, model);
        if (spec.Loss.FocalAlpha.Count > 0 && spec.Loss.FocalAlpha.Count != plan.Classes.Count)
            throw MeshException.Invalid(
                $"focal_alpha has {spec.Loss.FocalAlpha.Count} weights but plan {plan.PlanId} has {plan.Classes.Count} classes ({string.Join(", ", plan.Classes)})");
        var (validation, skipped) = await plans.CreateValidationPlanAsync(plan, spec.ValidationSamples, ct);
        if (spec.HasValidationPriorTau)
        {
            if (validation is null)
                throw MeshException.Precondition($"validation_prior_tau adjusts the validation scores, but this job has none ({skipped}); leave it unset");
            await ValidationPrior.ResolveAsync(ingestion, spec, plan, ct);
        }
        if (spec.Decoupling is { Method: DecouplingStages.TauNorm, HasTau: false } && validation is null)
            throw MeshException.Precondition(
                $"tau-norm without τ chooses τ on the VAL split, and this job has no validation ({skipped}); give τ (strategy ...+tau-norm=0.7, or decoupling.tau)");
        var stagePlan = spec.Decoupling is { Method: DecouplingStages.Crt } crt
            ? await plans.CreateBalancedPlanAsync(plan, crt.Epochs, ct)
            : null;
        spec.Dataset = new DatasetRef { Dataset = plan.Spec.Dataset.Dataset, Version = plan.ResolvedVersion };

        var job = new Job
        {
            JobId = NewJobId(),
            State = JobState.JobQueued,
            Spec = spec,
            PlanId = plan.PlanId,
            CreatedUtc = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            Device = spec.Device,
            Classes = { plan.Classes },
        };
        if (CorrectionWarning(spec, plan) is { } warning) job.Warnings.Add(warning);
        jobs.Add(new StoredJob(job, new JobProgress
        {
            ValidationPlanId = validation?.PlanId ?? "",
            ValidationSkippedReason = skipped,
            TrainingPlanSpec = plan.Spec.ToByteArray(),
            ValidationPlanSpec = validation?.Spec.ToByteArray(),
            StagePlanId = stagePlan?.PlanId ?? "",
            StagePlanSpec = stagePlan?.Spec.ToByteArray(),
        }));
        scheduler.Enqueue();
        return job;
    }

    /// <summary>Rebalanced batches (the plan's sampling) and a re-weighting or prior-shifting loss: corrected twice.</summary>
    private static string? CorrectionWarning(TrainingSpec spec, Plan plan) =>
        DoubleCorrection.Warning(SamplingNames.Name(plan.Spec.Sampling.Policy), spec.Loss.Name,
            weightedLoss: spec.Loss.DeferredReweighting || spec.Loss.FocalAlpha.Count > 0);

    private static string NewJobId() =>
        $"job-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Guid.NewGuid().ToString("N")[..6]}";
}
