using ImbalanceMesh.Augmentation.Sources;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Core.Batches;
using ImbalanceMesh.Core.Mixing;
using ImbalanceMesh.Core.Sampling;
using ImbalanceMesh.Imaging.Augmentation;
using ClassCount = ImbalanceMesh.Core.Statistics.ClassCount;
using ClassDistribution = ImbalanceMesh.Core.Statistics.ClassDistribution;
using ClassWeights = ImbalanceMesh.Core.Statistics.ClassWeights;
using CoreWeightRule = ImbalanceMesh.Core.Statistics.WeightRule;
using ImagingFill = ImbalanceMesh.Imaging.Preprocessing.FillMode;
using WeightRule = ImbalanceMesh.Contracts.V1.WeightRule;

namespace ImbalanceMesh.Augmentation.Production;

/// <summary>A plan made executable: its split's index (ids and labels, no pixels) and the Core objects its spec maps to.</summary>
public sealed class PlanRuntime
{
    public PlanRuntime(Plan plan, SourceIndex sources)
    {
        Plan = plan;
        Sources = sources;
        var spec = plan.Spec;
        Source = SourceKeyOf(spec);
        IsTraining = spec.Split == Split.Train;
        ClassCounts = Enumerable.Range(0, sources.Classes.Count).Select(c => (long)sources.Labels.Count(l => l == c)).ToArray();
        Sampling = new SamplingPlan(sources.Labels, sources.Classes.Count, ToSamplingOptions(spec, sources, ClassCounts), spec.Seed);
        Augmentation = spec.Augmentation.Enabled ? ToSettings(spec.Augmentation) : null;
        Mix = new MixOptions(spec.Mix.MixupAlpha, spec.Mix.CutmixAlpha, spec.Mix.Probability, spec.Mix.SwitchProbability, spec.Mix.LabelSmoothing)
        {
            Remix = spec.Mix.Remix,
            RemixKappa = spec.Mix.RemixKappa,
            RemixTau = spec.Mix.RemixTau,
            OffLastEpochs = spec.Mix.OffLastEpochs,
        };
        Shape = new BatchShape(spec.Channels, spec.ImageSize, spec.ImageSize, sources.Classes.Count,
            PixelFormatOf(spec), spec.Mean.ToArray(), spec.Std.ToArray());
    }

    public Plan Plan { get; }
    public SourceIndex Sources { get; }
    /// <summary>Where the pixels of <see cref="Sources"/> are fetched from.</summary>
    public SourceKey Source { get; }
    public SamplingPlan Sampling { get; }
    public bool IsTraining { get; }
    /// <summary>Null when the plan asks for no augmentation (an epoch that repeats samples then renders all with <see cref="AugmentationSettings.LightCopies"/>).</summary>
    public AugmentationSettings? Augmentation { get; }
    public MixOptions Mix { get; }
    /// <summary>Source images per class (the plan's split), for Remix.</summary>
    public IReadOnlyList<long> ClassCounts { get; }
    public BatchShape Shape { get; }
    public string Id => Plan.PlanId;
    public long Seed => Plan.Spec.Seed;
    public int Epochs => Plan.Spec.Epochs;

    public static SourceKey SourceKeyOf(PlanSpec spec) => new(spec.Dataset.Dataset, spec.Dataset.Version, spec.Split);

    public static BatchPixelFormat PixelFormatOf(PlanSpec spec) =>
        spec.PixelFormat == PixelFormat.Float16 ? BatchPixelFormat.Float16 : BatchPixelFormat.UInt8;

    public static AugmentationSettings ToSettings(AugmentationSpec a) => new(
        a.RotationDegrees, a.WidthShift, a.HeightShift, a.ShearDegrees, a.Zoom, a.HorizontalFlip, a.VerticalFlip,
        a.Brightness, a.Contrast, a.CropFraction,
        a.FillMode switch
        {
            FillMode.FillNearest => ImagingFill.Nearest,
            FillMode.FillWrap => ImagingFill.Wrap,
            FillMode.FillConstant => ImagingFill.Constant,
            _ => ImagingFill.Reflect,
        },
        (byte)Math.Round(a.FillValue));

    private static SamplingOptions ToSamplingOptions(PlanSpec spec, SourceIndex sources, IReadOnlyList<long> counts)
    {
        var s = spec.Sampling;
        var kind = s.Policy switch
        {
            SamplingPolicy.SamplingWeighted => SamplingPolicyKind.Weighted,
            SamplingPolicy.SamplingOversample => SamplingPolicyKind.Oversample,
            SamplingPolicy.SamplingUndersample => SamplingPolicyKind.Undersample,
            SamplingPolicy.SamplingBalanced => SamplingPolicyKind.Balanced,
            SamplingPolicy.SamplingRarePlusSlice => SamplingPolicyKind.RarePlusSlice,
            _ => SamplingPolicyKind.None,
        };
        return new SamplingOptions(kind, spec.BatchSize,
            TargetRatio: s.TargetRatio == 0 ? 1 : s.TargetRatio,
            ClassWeights: kind == SamplingPolicyKind.Weighted ? Weights(s.WeightRule, sources, counts) : null,
            StepsPerEpoch: s.StepsPerEpoch,
            DropLast: s.DropLast,
            RareClasses: s.RareClasses.Select(name => sources.Classes.ToList().IndexOf(name)).ToArray(),
            RareCopies: Math.Max(1, s.RareCopies),
            MaxSamples: s.MaxSamples);
    }

    private static double[] Weights(WeightRule rule, SourceIndex sources, IReadOnlyList<long> counts)
    {
        var distribution = new ClassDistribution(sources.Classes.Select((name, i) => new ClassCount(name, counts[i])));
        var weights = ClassWeights.Compute(distribution, rule switch
        {
            WeightRule.Inverse => CoreWeightRule.Inverse,
            WeightRule.InverseSqrt => CoreWeightRule.InverseSqrt,
            WeightRule.EffectiveNumber => CoreWeightRule.EffectiveNumber,
            _ => CoreWeightRule.Balanced,
        });
        return sources.Classes.Select(name => weights[name]).ToArray();
    }
}
