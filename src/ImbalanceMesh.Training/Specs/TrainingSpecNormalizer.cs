using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Core.Adjustment;
using ImbalanceMesh.Core.Budgets;
using ImbalanceMesh.Core.Decoupling;
using ImbalanceMesh.Core.Transfer;
using ImbalanceMesh.Modeling.Losses;
using ImbalanceMesh.Modeling.Models;
using ImbalanceMesh.Modeling.Optimization;
using ImbalanceMesh.Modeling.Runtime;
using ImbalanceMesh.ServiceDefaults.Errors;

namespace ImbalanceMesh.Training.Specs;

/// <summary>
/// Checks a TrainingSpec without calling any other service and returns a copy with every default filled in, so the
/// stored job says exactly what ran. Throws a MeshException (INVALID_ARGUMENT) with a message naming the field.
/// </summary>
public static class TrainingSpecNormalizer
{
    public const int DefaultEpochs = 10;

    /// <param name="maxThreads">The most libtorch threads one job may ask for (Training:MaxThreads).</param>
    public static TrainingSpec Normalize(TrainingSpec input, int maxThreads)
    {
        var spec = input.Clone();
        if (string.IsNullOrEmpty(spec.PlanId) && spec.Plan is null)
            throw MeshException.Invalid("the spec has no plan: give plan_id (an existing plan) or plan (a plan spec to create)");
        if (!string.IsNullOrEmpty(spec.PlanId) && spec.Plan is not null)
            throw MeshException.Invalid("give either plan_id or plan, not both");

        spec.Model = Default(spec.Model, "cnn").ToLowerInvariant();
        if (!ModelSpec.Architectures.Contains(spec.Model))
            throw MeshException.Invalid($"unknown model '{spec.Model}'; use one of: {string.Join(", ", ModelSpec.Architectures)}");
        var backbone = Backbones.IsBackbone(spec.Model);
        if (!spec.HasWidth) spec.Width = ModelSpec.DefaultWidth;
        if (spec.Width is < 16 or > 256 || spec.Width % 16 != 0)
            throw MeshException.Invalid($"width must be a multiple of 16 between 16 and 256, got {spec.Width}");

        if (spec.HasEpochs) Check(TrainingRanges.Epochs, spec.Epochs);
        if (spec.Plan is { HasEpochs: true }) Check(PlanRanges.Epochs, spec.Plan.Epochs, "plan.epochs");
        if (!spec.HasEpochs) spec.Epochs = spec.Plan is { HasEpochs: true } ? spec.Plan.Epochs : DefaultEpochs;
        if (spec.Plan is { HasEpochs: false }) spec.Plan.Epochs = spec.Epochs;
        if (spec.Plan is not null && spec.Plan.Epochs < spec.Epochs)
            throw MeshException.Invalid($"the plan covers {spec.Plan.Epochs} epochs but the job asks for {spec.Epochs}");
        if (backbone && spec.Plan is not null) FollowBackbone(spec.Plan);
        if (spec.Plan is not null) Check(TrainingRanges.ImageSize, spec.Plan.ImageSize, "plan.image_size");
        NormalizeTransfer(spec, backbone);

        if (!DevicePreferenceParser.TryParse(spec.Device, out var device))
            throw MeshException.Invalid($"unknown device '{spec.Device}'; use auto, cpu or cuda");
        spec.Device = device.ToString().ToLowerInvariant();
        if (TrainingRanges.Threads(maxThreads).Problem(spec.Threads) is { } threads)
            throw MeshException.Invalid($"{threads} (0 = the service default; at most this machine's cores, or Training:MaxThreads)");
        if (spec.HasValidationSamples) Check(TrainingRanges.ValidationSamples, spec.ValidationSamples);
        else spec.ValidationSamples = TrainingRanges.DefaultValidationSamples;
        if (spec.HasValidationPriorTau && !LogitAdjustment.IsValidTau(spec.ValidationPriorTau))
            throw MeshException.Invalid($"validation_prior_tau must be a finite number >= 0 (1 = the whole correction; leave it unset for none), got {spec.ValidationPriorTau}");
        if (spec.EarlyStoppingPatience < 0)
            throw MeshException.Invalid($"early_stopping_patience must be >= 0 (0 = off), got {spec.EarlyStoppingPatience}");

        StrategyExpansion.Apply(spec);
        NormalizeDecoupling(spec);
        spec.Loss = NormalizeLoss(spec.Loss ?? new LossSpec(), spec.Epochs);
        spec.Optimizer = NormalizeOptimizer(spec.Optimizer ?? new OptimizerSpec(), spec.Epochs);
        return spec;
    }

    /// <summary>An inline plan for a torchvision backbone gets its input unless it says otherwise: 224 px, RGB, ImageNet mean/std.</summary>
    private static void FollowBackbone(PlanSpec plan)
    {
        if (plan.ImageSize == 0) plan.ImageSize = Backbones.ImageSize;
        if (plan.Channels == 0) plan.Channels = Backbones.Channels;
        if (plan.Mean.Count == 0 && plan.Std.Count == 0)
        {
            plan.Mean.Add(Backbones.Mean);
            plan.Std.Add(Backbones.Std);
        }
    }

    private static void NormalizeTransfer(TrainingSpec spec, bool backbone)
    {
        var pretrained = spec.Pretrained is { } p && (p.Path.Length > 0 || p.Sha256.Length > 0);
        if (!pretrained) spec.Pretrained = null;
        if (pretrained && !backbone)
            throw MeshException.Invalid($"pretrained weights load into the torchvision backbones only ({string.Join(", ", Backbones.Names)}), not {spec.Model}");
        if (!spec.HasFreezeEpochs) spec.FreezeEpochs = pretrained ? 1 : 0;
        if (spec.FreezeEpochs < 0 || spec.FreezeEpochs > spec.Epochs)
            throw MeshException.Invalid($"freeze_epochs must be 0..epochs ({spec.Epochs}), got {spec.FreezeEpochs}");
        if (spec.FreezeEpochs > 0 && !pretrained)
            throw MeshException.Invalid("freeze_epochs trains a new head on a pretrained backbone; give pretrained weights (imesh train --pretrained FILE) or set it to 0");
    }

    private static void NormalizeDecoupling(TrainingSpec spec)
    {
        var stage = spec.Decoupling;
        if (stage is null) return;
        stage.Method = stage.Method.Trim().ToLowerInvariant();
        if (stage.Method.Length == 0)
        {
            if (stage.HasEpochs || stage.HasTau)
                throw MeshException.Invalid($"decoupling sets epochs or tau but no method; set method to {string.Join(" or ", DecouplingStages.Methods)}");
            spec.Decoupling = null;
            return;
        }
        if (DecouplingStages.Problem(stage.Method, stage.HasEpochs ? stage.Epochs : null, stage.HasTau ? stage.Tau : null) is { } problem)
            throw MeshException.Invalid($"decoupling: {problem}");
        if (stage.Method == DecouplingStages.Crt && !stage.HasEpochs) stage.Epochs = DecouplingStages.DefaultCrtEpochs(spec.Epochs);
    }

    private static LossSpec NormalizeLoss(LossSpec loss, int epochs)
    {
        loss.Name = Default(loss.Name, "ce").ToLowerInvariant();
        if (!LossFactory.Names.Contains(loss.Name))
            throw MeshException.Invalid($"unknown loss '{loss.Name}'; use one of: {string.Join(", ", LossFactory.Names)}");
        if (loss.Name == "weighted-ce" && loss.WeightRule == WeightRule.Unspecified) loss.WeightRule = WeightRule.Balanced;
        if (loss.WeightRule == WeightRule.Custom)
            throw MeshException.Invalid("weight rule 'custom' needs a weight per class, which a training spec cannot carry; use balanced, inverse, inverse_sqrt or effective_number");
        if (!loss.HasFocalGamma) loss.FocalGamma = 2;
        if (!(loss.FocalGamma >= 0)) throw MeshException.Invalid($"focal_gamma must be >= 0, got {loss.FocalGamma}");
        if (loss.FocalAlpha.Any(a => !(a >= 0))) throw MeshException.Invalid("focal_alpha values must be >= 0");
        if (loss.DeferredReweighting && loss.Name != "ce")
            throw MeshException.Invalid($"deferred_reweighting re-weights plain cross-entropy, not '{loss.Name}' (ldam-drw re-weights by itself); use loss ce");
        if (!loss.HasCbBeta) loss.CbBeta = loss.Name == "ldam-drw" || loss.DeferredReweighting ? 0.9999 : 0.999;
        if (!(loss.CbBeta is > 0 and < 1)) throw MeshException.Invalid($"cb_beta must lie strictly between 0 and 1, got {loss.CbBeta}");
        if (!loss.HasTau && loss.Name == "logit-adjusted") loss.Tau = 1;
        if (!(loss.Tau >= 0)) throw MeshException.Invalid($"tau must be >= 0, got {loss.Tau}");
        if (!loss.HasLdamMaxMargin) loss.LdamMaxMargin = 0.5;
        if (!(loss.LdamMaxMargin > 0)) throw MeshException.Invalid($"ldam_max_margin must be > 0, got {loss.LdamMaxMargin}");
        if (!loss.HasDrwStartEpoch) loss.DrwStartEpoch = (int)Math.Floor(0.8 * epochs);
        if (loss.DrwStartEpoch < 0) throw MeshException.Invalid($"drw_start_epoch must be >= 0, got {loss.DrwStartEpoch}");
        if (loss.DeferredReweighting && loss.DrwStartEpoch >= epochs)
            throw MeshException.Invalid($"drw_start_epoch {loss.DrwStartEpoch} (0-based) is not below the job's {epochs} epochs, so nothing would be re-weighted");
        if (loss.LabelSmoothing is < 0 or >= 1)
            throw MeshException.Invalid($"label_smoothing must be in [0, 1), got {loss.LabelSmoothing}");
        return loss;
    }

    private static OptimizerSpec NormalizeOptimizer(OptimizerSpec optimizer, int epochs)
    {
        optimizer.Name = Default(optimizer.Name, "adamw").ToLowerInvariant();
        if (!optimizer.HasLearningRate) optimizer.LearningRate = optimizer.Name == "sgd" ? 0.05 : 0.003;
        if (!(optimizer.LearningRate > 0))
            throw MeshException.Invalid($"learning_rate must be a positive number, got {optimizer.LearningRate}");
        if (optimizer.Name == "sgd" && !optimizer.HasMomentum) optimizer.Momentum = 0.9;
        var options = new OptimizerOptions(optimizer.Name, optimizer.LearningRate, optimizer.Momentum, optimizer.WeightDecay);
        if (options.Validate() is { } problem) throw MeshException.Invalid(problem);

        optimizer.Schedule = Default(optimizer.Schedule, "cosine").ToLowerInvariant();
        if (!optimizer.HasStepSize) optimizer.StepSize = Math.Max(1, epochs / 3);
        if (!optimizer.HasGamma) optimizer.Gamma = 0.1;
        var schedule = new LearningRateSchedule(optimizer.Schedule, optimizer.LearningRate, epochs, 1,
            optimizer.WarmupEpochs, optimizer.StepSize, optimizer.Gamma);
        if (schedule.Validate() is { } scheduleProblem) throw MeshException.Invalid(scheduleProblem);
        return optimizer;
    }

    private static void Check(IntRange range, int value, string? name = null)
    {
        if (range.Problem(value, name) is { } problem) throw MeshException.Invalid(problem);
    }

    private static string Default(string value, string fallback) => string.IsNullOrWhiteSpace(value) ? fallback : value.Trim();
}
