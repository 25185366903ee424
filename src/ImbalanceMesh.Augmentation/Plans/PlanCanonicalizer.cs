using Google.Protobuf;
using System.Security.Cryptography;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Core.Batches;
using ImbalanceMesh.Core.Strategies;
using ImbalanceMesh.ServiceDefaults.Errors;

namespace ImbalanceMesh.Augmentation.Plans;

/// <summary>
/// Fills every default into a validated spec so that equal plans have equal bytes, and hashes those bytes into the
/// plan id. Validation and test plans lose their augmentation and mixing here: they are never augmented or mixed.
/// </summary>
public static class PlanCanonicalizer
{
    public static PlanSpec Canonical(PlanSpec spec, int resolvedVersion, int datasetChannels, IReadOnlyList<string> classes)
    {
        var c = spec.Clone();
        c.Dataset = new DatasetRef { Dataset = spec.Dataset.Dataset, Version = resolvedVersion };
        if (c.Split == Split.Unspecified) c.Split = Split.Train;
        var train = c.Split == Split.Train;
        if (!c.HasEpochs) c.Epochs = 1;
        if (c.Channels == 0) c.Channels = datasetChannels;
        if (c.PixelFormat == PixelFormat.Unspecified) c.PixelFormat = PixelFormat.Uint8;
        c.Sampling = CanonicalSampling(c.Sampling ?? new SamplingSpec(), classes);
        c.Augmentation = train && c.Augmentation is { Enabled: true } a ? CanonicalAugmentation(a) : new AugmentationSpec();
        c.Mix = train ? CanonicalMix(c.Mix ?? new MixSpec()) : new MixSpec();
        if (c.Mix.OffLastEpochs >= c.Epochs && c.Mix.OffLastEpochs > 0)
            throw MeshException.Invalid($"off_last_epochs {c.Mix.OffLastEpochs} switches mixing off for every one of the plan's {c.Epochs} epochs; use fewer than {c.Epochs}.");
        if (c.Mean.Count == 0)
        {
            c.Mean.Add(Enumerable.Repeat(PixelNormalization.DefaultMean, c.Channels));
            c.Std.Add(Enumerable.Repeat(PixelNormalization.DefaultStd, c.Channels));
        }
        else if (c.Mean.Count != c.Channels)
            throw MeshException.Invalid($"mean/std have {c.Mean.Count} values but the plan has {c.Channels} channels.");
        return c;
    }

    /// <summary>Stable across processes: protobuf bytes of the canonical spec (no maps, fields in number order).</summary>
    public static string PlanId(PlanSpec canonical) =>
        Convert.ToHexStringLower(SHA256.HashData(canonical.ToByteArray()))[..20];

    private static SamplingSpec CanonicalSampling(SamplingSpec s, IReadOnlyList<string> classes)
    {
        var c = new SamplingSpec
        {
            Policy = s.Policy == SamplingPolicy.Unspecified ? SamplingPolicy.SamplingNone : s.Policy,
            StepsPerEpoch = s.StepsPerEpoch,
            DropLast = s.DropLast,
        };
        if (s.MaxSamples > 0 && c.Policy != SamplingPolicy.SamplingNone)
            throw MeshException.Invalid("max_samples applies only to the none policy (a fixed stratified subset, as validation uses).");
        c.MaxSamples = s.MaxSamples;
        if (c.Policy is SamplingPolicy.SamplingOversample or SamplingPolicy.SamplingUndersample)
            c.TargetRatio = s.TargetRatio == 0 ? 1 : s.TargetRatio;
        if (c.Policy == SamplingPolicy.SamplingWeighted)
            c.WeightRule = s.WeightRule is WeightRule.Unspecified ? WeightRule.Balanced : s.WeightRule;
        if (c.WeightRule == WeightRule.Custom) throw MeshException.Invalid("custom weights are not supported for weighted sampling; use balanced, inverse, inverse_sqrt or effective_number.");
        foreach (var name in s.RareClasses)
            if (!classes.Contains(name))
                throw MeshException.Invalid($"unknown class '{name}' in rare_classes; the dataset's classes are: {string.Join(", ", classes)}.");
        if (c.Policy == SamplingPolicy.SamplingRarePlusSlice)
        {
            c.RareClasses.Add(s.RareClasses.Distinct().Order(StringComparer.Ordinal));
            c.RareCopies = s.RareCopies == 0 ? 1 : s.RareCopies;
        }
        else if (s.RareClasses.Count > 0 || s.RareCopies > 0)
            throw MeshException.Invalid("rare_classes and rare_copies apply only to the rare-plus-slice policy.");
        return c;
    }

    private static AugmentationSpec CanonicalAugmentation(AugmentationSpec a)
    {
        var c = a.Clone();
        if (c.FillMode == FillMode.Unspecified) c.FillMode = FillMode.FillReflect;
        if (c.FillMode != FillMode.FillConstant) c.FillValue = 0;
        return c;
    }

    private static MixSpec CanonicalMix(MixSpec m)
    {
        if (m.MixupAlpha == 0 && m.CutmixAlpha == 0) return new MixSpec { LabelSmoothing = m.LabelSmoothing };
        var c = new MixSpec
        {
            MixupAlpha = m.MixupAlpha,
            CutmixAlpha = m.CutmixAlpha,
            Probability = m.Probability == 0 ? 1 : m.Probability,
            SwitchProbability = m.MixupAlpha > 0 && m.CutmixAlpha > 0 ? (m.SwitchProbability == 0 ? 0.5 : m.SwitchProbability) : 0,
            LabelSmoothing = m.LabelSmoothing,
            OffLastEpochs = m.OffLastEpochs,
        };
        // Only a Remix plan carries κ and τ, so every plan id from before Remix stays the same.
        if (m.Remix)
        {
            c.Remix = true;
            c.RemixKappa = m.HasRemixKappa ? m.RemixKappa : StrategyComposition.RemixKappa;
            c.RemixTau = m.HasRemixTau ? m.RemixTau : StrategyComposition.RemixTau;
        }
        return c;
    }
}
