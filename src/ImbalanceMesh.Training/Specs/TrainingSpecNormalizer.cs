using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Modeling.Losses;
using ImbalanceMesh.Modeling.Models;
using ImbalanceMesh.Modeling.Optimization;
using ImbalanceMesh.Modeling.Runtime;

namespace ImbalanceMesh.Training.Specs;

/// <summary>
/// Checks a TrainingSpec without calling any other service and returns a copy with every default filled in, so the
/// stored job says exactly what ran. Throws SpecException (INVALID_ARGUMENT) with a message naming the field.
/// </summary>
public static class TrainingSpecNormalizer
{
    public const int DefaultEpochs = 10;
    public const int MaxEpochs = 1000;

    public static TrainingSpec Normalize(TrainingSpec input)
    {
        var spec = input.Clone();
        if (string.IsNullOrEmpty(spec.PlanId) && spec.Plan is null)
            throw SpecException.Invalid("the spec has no plan: give plan_id (an existing plan) or plan (a plan spec to create)");
        if (!string.IsNullOrEmpty(spec.PlanId) && spec.Plan is not null)
            throw SpecException.Invalid("give either plan_id or plan, not both");

        spec.Model = Default(spec.Model, "cnn").ToLowerInvariant();
        if (!ModelSpec.Architectures.Contains(spec.Model))
            throw SpecException.Invalid($"unknown model '{spec.Model}'; use one of: {string.Join(", ", ModelSpec.Architectures)}");
        if (spec.Width == 0) spec.Width = ModelSpec.DefaultWidth;
        if (spec.Width is < 16 or > 256 || spec.Width % 16 != 0)
            throw SpecException.Invalid($"width must be a multiple of 16 between 16 and 256, got {spec.Width}");

        if (spec.Epochs < 0 || spec.Epochs > MaxEpochs)
            throw SpecException.Invalid($"epochs must be between 1 and {MaxEpochs}, got {spec.Epochs}");
        if (spec.Epochs == 0) spec.Epochs = spec.Plan is { Epochs: > 0 } ? spec.Plan.Epochs : DefaultEpochs;
        if (spec.Plan is { Epochs: 0 }) spec.Plan.Epochs = spec.Epochs;
        if (spec.Plan is not null && spec.Plan.Epochs < spec.Epochs)
            throw SpecException.Invalid($"the plan covers {spec.Plan.Epochs} epochs but the job asks for {spec.Epochs}");

        if (!DevicePreferenceParser.TryParse(spec.Device, out var device))
            throw SpecException.Invalid($"unknown device '{spec.Device}'; use auto, cpu or cuda");
        spec.Device = device.ToString().ToLowerInvariant();
        if (spec.Threads < 0) throw SpecException.Invalid($"threads must be >= 0 (0 = the service default), got {spec.Threads}");
        if (spec.EarlyStoppingPatience < 0)
            throw SpecException.Invalid($"early_stopping_patience must be >= 0 (0 = off), got {spec.EarlyStoppingPatience}");

        spec.Loss = NormalizeLoss(spec.Loss ?? new LossSpec(), spec.Epochs);
        spec.Optimizer = NormalizeOptimizer(spec.Optimizer ?? new OptimizerSpec(), spec.Epochs);
        return spec;
    }

    private static LossSpec NormalizeLoss(LossSpec loss, int epochs)
    {
        loss.Name = Default(loss.Name, "ce").ToLowerInvariant();
        if (!LossFactory.Names.Contains(loss.Name))
            throw SpecException.Invalid($"unknown loss '{loss.Name}'; use one of: {string.Join(", ", LossFactory.Names)}");
        if (loss.Name == "weighted-ce" && loss.WeightRule == WeightRule.Unspecified) loss.WeightRule = WeightRule.Balanced;
        if (loss.WeightRule == WeightRule.Custom)
            throw SpecException.Invalid("weight rule 'custom' needs a weight per class, which a training spec cannot carry; use balanced, inverse, inverse_sqrt or effective_number");
        if (loss.FocalGamma < 0) throw SpecException.Invalid($"focal_gamma must be >= 0, got {loss.FocalGamma}");
        if (loss.FocalGamma == 0) loss.FocalGamma = 2; // proto3 has no presence: 0 means "the default"
        if (loss.FocalAlpha.Any(a => !(a >= 0))) throw SpecException.Invalid("focal_alpha values must be >= 0");
        if (loss.CbBeta == 0) loss.CbBeta = loss.Name == "ldam-drw" ? 0.9999 : 0.999;
        if (loss.CbBeta is <= 0 or >= 1) throw SpecException.Invalid($"cb_beta must lie strictly between 0 and 1, got {loss.CbBeta}");
        if (loss.Tau == 0 && loss.Name == "logit-adjusted") loss.Tau = 1;
        if (loss.Tau < 0) throw SpecException.Invalid($"tau must be >= 0, got {loss.Tau}");
        if (loss.LdamMaxMargin == 0) loss.LdamMaxMargin = 0.5;
        if (loss.LdamMaxMargin < 0) throw SpecException.Invalid($"ldam_max_margin must be > 0, got {loss.LdamMaxMargin}");
        if (loss.DrwStartEpoch == 0) loss.DrwStartEpoch = (int)Math.Floor(0.8 * epochs);
        if (loss.DrwStartEpoch < 0) throw SpecException.Invalid($"drw_start_epoch must be >= 0, got {loss.DrwStartEpoch}");
        if (loss.LabelSmoothing is < 0 or >= 1)
            throw SpecException.Invalid($"label_smoothing must be in [0, 1), got {loss.LabelSmoothing}");
        return loss;
    }

    private static OptimizerSpec NormalizeOptimizer(OptimizerSpec optimizer, int epochs)
    {
        optimizer.Name = Default(optimizer.Name, "adamw").ToLowerInvariant();
        if (optimizer.LearningRate < 0 || double.IsNaN(optimizer.LearningRate))
            throw SpecException.Invalid($"learning_rate must be a positive number, got {optimizer.LearningRate}");
        if (optimizer.LearningRate == 0) optimizer.LearningRate = optimizer.Name == "sgd" ? 0.05 : 0.003;
        if (optimizer.Name == "sgd" && optimizer.Momentum == 0) optimizer.Momentum = 0.9;
        var options = new OptimizerOptions(optimizer.Name, optimizer.LearningRate, optimizer.Momentum, optimizer.WeightDecay);
        if (options.Validate() is { } problem) throw SpecException.Invalid(problem);

        optimizer.Schedule = Default(optimizer.Schedule, "cosine").ToLowerInvariant();
        if (optimizer.StepSize == 0) optimizer.StepSize = Math.Max(1, epochs / 3);
        if (optimizer.Gamma == 0) optimizer.Gamma = 0.1;
        var schedule = new LearningRateSchedule(optimizer.Schedule, optimizer.LearningRate, epochs, 1,
            optimizer.WarmupEpochs, optimizer.StepSize, optimizer.Gamma);
        if (schedule.Validate() is { } scheduleProblem) throw SpecException.Invalid(scheduleProblem);
        return optimizer;
    }

    private static string Default(string value, string fallback) => string.IsNullOrWhiteSpace(value) ? fallback : value.Trim();
}
