using ImbalanceMesh.Contracts;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Core.Strategies;
using ImbalanceMesh.ServiceDefaults.Errors;

namespace ImbalanceMesh.Training.Specs;

/// <summary>
/// Writes a spec's strategy composition into its loss and inline plan. A field the composition sets must be unset or
/// already say the same; otherwise the spec contradicts itself and is refused (INVALID_ARGUMENT). The one exception is
/// aug=LEVEL: it sets the strength of the plan's augmentation over whatever the plan had (a sweep's shared strength),
/// keeping the plan's flips and fill (AugmentationPresets.WithStrength).
/// </summary>
public static class StrategyExpansion
{
    public static void Apply(TrainingSpec spec)
    {
        if (string.IsNullOrWhiteSpace(spec.Strategy)) return;
        ImbalanceStrategy strategy;
        try
        {
            strategy = StrategyComposition.Parse(spec.Strategy);
        }
        catch (ArgumentException e)
        {
            throw MeshException.Invalid(e.Message);
        }
        spec.Strategy = strategy.Name;
        if (StrategyComposition.Problem(strategy, spec.Epochs) is { } problem) throw MeshException.Invalid(problem);

        spec.Loss ??= new LossSpec();
        var loss = spec.Loss;
        if (loss.Name.Length > 0 && !loss.Name.Equals(strategy.Loss, StringComparison.OrdinalIgnoreCase) && strategy.Loss != "ce")
            throw Conflict(strategy, $"loss '{loss.Name}'", $"loss '{strategy.Loss}'");
        if (loss.Name.Length == 0 || strategy.Loss != "ce") loss.Name = strategy.Loss;
        if (strategy.DeferredReweighting)
        {
            loss.DeferredReweighting = true;
            if (strategy.DrwStartEpoch is { } start)
            {
                if (loss.HasDrwStartEpoch && loss.DrwStartEpoch != start)
                    throw Conflict(strategy, $"drw_start_epoch {loss.DrwStartEpoch}", $"drw={start}");
                loss.DrwStartEpoch = start;
            }
        }

        ApplyStage(spec, strategy);

        if (strategy.Sampling == "none" && !strategy.Mixes && strategy.Augmentation is null) return;
        var plan = spec.Plan ?? throw MeshException.Invalid(
            $"strategy '{strategy.Name}' sets the plan's sampling, mixing or augmentation, which needs an inline plan (plan), not plan_id; create the plan with those settings, or send the plan spec");
        if (strategy.Augmentation is { } strength) plan.Augmentation = AugmentationPresets.WithStrength(plan.Augmentation, strength);
        if (strategy.Sampling != "none")
        {
            plan.Sampling ??= new SamplingSpec();
            var wanted = SamplingNames.Policy(strategy.Sampling);
            if (plan.Sampling.Policy is not (SamplingPolicy.Unspecified or SamplingPolicy.SamplingNone) && plan.Sampling.Policy != wanted)
                throw Conflict(strategy, $"sampling '{SamplingNames.Name(plan.Sampling.Policy)}'", $"sampling '{strategy.Sampling}'");
            plan.Sampling.Policy = wanted;
        }
        if (!strategy.Mixes) return;
        plan.Mix ??= new MixSpec();
        var mix = plan.Mix;
        Merge(strategy, "mixup_alpha", mix.MixupAlpha, strategy.MixupAlpha, v => mix.MixupAlpha = v);
        Merge(strategy, "cutmix_alpha", mix.CutmixAlpha, strategy.CutMixAlpha, v => mix.CutmixAlpha = v);
        if (strategy.Remix) mix.Remix = true;
        if (strategy.MixOffLastEpochs is { } off)
        {
            var epochs = off == 0 ? StrategyComposition.DefaultMixOffEpochs(spec.Epochs) : off;
            if (mix.OffLastEpochs != 0 && mix.OffLastEpochs != epochs)
                throw Conflict(strategy, $"off_last_epochs {mix.OffLastEpochs}", $"mix-off={epochs}");
            mix.OffLastEpochs = epochs;
        }
    }

    private static void ApplyStage(TrainingSpec spec, ImbalanceStrategy strategy)
    {
        if (strategy.Decoupling is not { } method) return;
        spec.Decoupling ??= new DecouplingSpec();
        var stage = spec.Decoupling;
        if (stage.Method.Length > 0 && !stage.Method.Equals(method, StringComparison.OrdinalIgnoreCase))
            throw Conflict(strategy, $"decoupling '{stage.Method}'", $"decoupling '{method}'");
        stage.Method = method;
        if (strategy.DecouplingEpochs is { } epochs)
        {
            if (stage.HasEpochs && stage.Epochs != epochs) throw Conflict(strategy, $"decoupling.epochs {stage.Epochs}", $"crt={epochs}");
            stage.Epochs = epochs;
        }
        if (strategy.DecouplingTau is { } tau)
        {
            if (stage.HasTau && stage.Tau != tau) throw Conflict(strategy, $"decoupling.tau {stage.Tau}", $"tau-norm={tau}");
            stage.Tau = tau;
        }
    }

    private static void Merge(ImbalanceStrategy strategy, string field, double current, double wanted, Action<double> set)
    {
        if (wanted == 0) return;
        if (current != 0 && current != wanted) throw Conflict(strategy, $"{field} {current}", $"{field} {wanted}");
        set(wanted);
    }

    private static MeshException Conflict(ImbalanceStrategy strategy, string given, string implied) =>
        MeshException.Invalid($"the spec sets {given} but strategy '{strategy.Name}' means {implied}; drop one of them");
}
