using System.CommandLine;
using ImbalanceMesh.Contracts;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Core.Budgets;

namespace ImbalanceMesh.Cli.Commands.Plans;

/// <summary>
/// The plan flags (sampling, augmentation, mixing, batch geometry) and their translation into a PlanSpec, for
/// `imesh plan create` and for any command that takes a plan inline (e.g. `imesh train`):
/// <code>
/// var planOptions = new PlanOptions();
/// planOptions.AddTo(command, includeDataset: false);   // the command has its own --dataset
/// ...
/// PlanSpec spec = planOptions.ToSpec(ctx, new DatasetRef { Dataset = name });
/// </code>
/// Create one instance per command. Without --mixup-alpha / --cutmix-alpha the plan mixes nothing.
/// </summary>
public sealed class PlanOptions
{
    public Option<string> Dataset { get; } = new("--dataset") { Description = "Dataset to make batches of.", Required = true };
    public Option<int> Version { get; } = new("--version") { Description = "Dataset version (0 = latest).", DefaultValueFactory = _ => 0 };
    public Option<string> Split { get; } = Choice("--split", "Split to sample: train (augmented, mixed), val or test (never augmented or mixed).", "train", "train", "val", "test");
    public Option<string> Sampling { get; } = Choice("--sampling", "Sampling policy.", "none", "none", "weighted", "oversample", "undersample", "balanced", "rare-plus-slice");
    public Option<double> TargetRatio { get; } = new("--target-ratio") { Description = "Oversample/undersample: minority ÷ majority after sampling, (0, 1].", DefaultValueFactory = _ => 1.0 };
    public Option<string> WeightRule { get; } = Choice("--weight-rule", "Weighted sampling: how class counts become weights.", "balanced", "balanced", "inverse", "inverse-sqrt", "effective-number");
    public Option<string[]> RareClasses { get; } = new("--rare-class") { Description = "Rare-plus-slice: a rare class (repeatable); default: classes below the median count.", AllowMultipleArgumentsPerToken = true };
    public Option<int> RareCopies { get; } = new("--rare-copies") { Description = "Rare-plus-slice: each rare image this many times per epoch (augmented copies), with a common slice of the same size; 0..10000 (0 = 1)." };
    public Option<int> StepsPerEpoch { get; } = new("--steps-per-epoch") { Description = "Batches per epoch, 0..10000000 (0 = from the policy)." };
    public Option<bool> DropLast { get; } = new("--drop-last") { Description = "Drop a last partial batch instead of keeping it." };
    public Option<double?> MixupAlpha { get; } = new("--mixup-alpha") { Description = "Mixup with λ ~ Beta(α, α), α > 0 (e.g. 0.2). Off when not given." };
    public Option<double?> CutmixAlpha { get; } = new("--cutmix-alpha") { Description = "CutMix with λ ~ Beta(α, α), α > 0 (e.g. 1.0). Off when not given." };
    public Option<double> MixProbability { get; } = new("--mix-probability") { Description = "Chance that a sample is mixed.", DefaultValueFactory = _ => 1.0 };
    public Option<double> SwitchProbability { get; } = new("--switch-probability") { Description = "With both alphas: chance of CutMix instead of mixup.", DefaultValueFactory = _ => 0.5 };
    public Option<bool> Remix { get; } = new("--remix") { Description = "Remix labels (Chou et al. 2020, κ = 3, τ = 0.5): a mixed label goes to the minority partner. Needs --mixup-alpha or --cutmix-alpha." };
    public Option<int> MixOffLastEpochs { get; } = new("--mix-off-last-epochs") { Description = "Do not mix in the plan's last N epochs (0 = mix every epoch)." };
    public Option<double> LabelSmoothing { get; } = new("--label-smoothing") { Description = "ε in [0, 1): soft labels become (1−ε)·y + ε/K." };
    public Option<string> Augment { get; } = Choice("--augment", "Augmentation preset; the flags below override its values.", "none", AugmentationPresets.Names);
    public Option<double?> Rotation { get; } = new("--rotation") { Description = "Rotation range in degrees, ±r." };
    public Option<double?> Shift { get; } = new("--shift") { Description = "Width and height shift, fraction of the side, ±s." };
    public Option<double?> Shear { get; } = new("--shear") { Description = "Shear range in degrees, ±s." };
    public Option<double?> Zoom { get; } = new("--zoom") { Description = "Zoom range: scale in [1−z, 1+z]." };
    public Option<string?> Flip { get; } = new("--flip") { Description = "Random flips: none, h, v or hv." };
    public Option<double?> Brightness { get; } = new("--brightness") { Description = "Brightness factor in [1−b, 1+b]." };
    public Option<double?> Contrast { get; } = new("--contrast") { Description = "Contrast factor in [1−c, 1+c]." };
    public Option<double?> Crop { get; } = new("--crop") { Description = "Random crop keeping this fraction of each side (0 = none)." };
    public Option<string?> Fill { get; } = new("--fill") { Description = "Fill mode for uncovered pixels: nearest, reflect, wrap or constant." };
    public Option<int> BatchSize { get; } = new("--batch-size")
    {
        Description = "Images per batch, 1..4096; one batch must also fit the service's Augmentation:MaxBatchBytes (32 MiB by default).",
        DefaultValueFactory = _ => 64,
    };
    public Option<int> ImageSize { get; } = new("--image-size")
    {
        Description = "Square side of the batch images in pixels, 1..1024 (training: 8..256).",
        DefaultValueFactory = _ => 64,
    };
    public Option<int> Channels { get; } = new("--channels") { Description = "1 or 3 (0 = as the dataset)." };
    public Option<long> Seed { get; } = new("--seed") { Description = "Seed of every random choice of the plan.", DefaultValueFactory = _ => 42 };
    public Option<int> Epochs { get; } = new("--epochs") { Description = "Epochs the plan covers, 1..100000 (training: 1..1000).", DefaultValueFactory = _ => 1 };
    public Option<string> PixelFormat { get; } = Choice("--pixel-format", "uint8 (raw) or float16 (normalised) pixels in the batches.", "uint8", "uint8", "float16");
    public Option<float[]> Mean { get; } = new("--mean") { Description = "Per-channel mean on the 0..1 scale (default 0.5).", AllowMultipleArgumentsPerToken = true };
    public Option<float[]> Std { get; } = new("--std") { Description = "Per-channel std on the 0..1 scale (default 0.5).", AllowMultipleArgumentsPerToken = true };

    public void AddTo(Command command, bool includeDataset = true)
    {
        if (includeDataset)
        {
            command.Options.Add(Dataset);
            command.Options.Add(Version);
        }
        foreach (var option in new Option[]
                 {
                     Split, Sampling, TargetRatio, WeightRule, RareClasses, RareCopies, StepsPerEpoch, DropLast, MixupAlpha, CutmixAlpha,
                     MixProbability, SwitchProbability, Remix, MixOffLastEpochs, LabelSmoothing, Augment, Rotation, Shift, Shear, Zoom, Flip, Brightness,
                     Contrast, Crop, Fill, BatchSize, ImageSize, Channels, Seed, Epochs, PixelFormat, Mean, Std,
                 })
            command.Options.Add(option);
    }

    /// <param name="dataset">The dataset when the command has its own --dataset; else the --dataset/--version flags.</param>
    public PlanSpec ToSpec(CliContext ctx, DatasetRef? dataset = null) => new()
    {
        Dataset = dataset ?? new DatasetRef { Dataset = ctx.Get(Dataset)!, Version = ctx.Get(Version) },
        Split = ctx.Get(Split) switch { "val" => Contracts.V1.Split.Val, "test" => Contracts.V1.Split.Test, _ => Contracts.V1.Split.Train },
        Sampling = SamplingSpec(ctx),
        Augmentation = AugmentationSpec(ctx),
        Mix = new MixSpec
        {
            MixupAlpha = Alpha(ctx, MixupAlpha),
            CutmixAlpha = Alpha(ctx, CutmixAlpha),
            Probability = ctx.Get(MixProbability),
            SwitchProbability = ctx.Get(SwitchProbability),
            LabelSmoothing = ctx.Get(LabelSmoothing),
            Remix = ctx.Get(Remix),
            OffLastEpochs = ctx.Get(MixOffLastEpochs),
        },
        BatchSize = PlanRanges.BatchSize.Checked(ctx.Get(BatchSize), BatchSize),
        ImageSize = PlanRanges.ImageSize.Checked(ctx.Get(ImageSize), ImageSize),
        Channels = ctx.Get(Channels),
        Seed = ctx.Get(Seed),
        Epochs = PlanRanges.Epochs.Checked(ctx.Get(Epochs), Epochs),
        PixelFormat = ctx.Get(PixelFormat) == "float16" ? Contracts.V1.PixelFormat.Float16 : Contracts.V1.PixelFormat.Uint8,
        Mean = { ctx.Get(Mean) ?? [] },
        Std = { ctx.Get(Std) ?? [] },
    };

    /// <summary>A --sampling name (as in `imesh plan create` and the sweep strategies) to its policy.</summary>
    public static SamplingPolicy ParseSampling(string name) => name switch
    {
        "none" => SamplingPolicy.SamplingNone,
        "weighted" => SamplingPolicy.SamplingWeighted,
        "oversample" => SamplingPolicy.SamplingOversample,
        "undersample" => SamplingPolicy.SamplingUndersample,
        "balanced" => SamplingPolicy.SamplingBalanced,
        "rare-plus-slice" => SamplingPolicy.SamplingRarePlusSlice,
        _ => throw new CliException($"Unknown sampling '{name}': use none, weighted, oversample, undersample, balanced or rare-plus-slice."),
    };

    private SamplingSpec SamplingSpec(CliContext ctx) => new()
    {
        Policy = ParseSampling(ctx.Get(Sampling) ?? "none"),
        TargetRatio = ctx.Get(TargetRatio),
        WeightRule = ctx.Get(WeightRule) switch
        {
            "inverse" => Contracts.V1.WeightRule.Inverse,
            "inverse-sqrt" => Contracts.V1.WeightRule.InverseSqrt,
            "effective-number" => Contracts.V1.WeightRule.EffectiveNumber,
            _ => Contracts.V1.WeightRule.Balanced,
        },
        StepsPerEpoch = PlanRanges.StepsPerEpoch.Checked(ctx.Get(StepsPerEpoch), StepsPerEpoch),
        DropLast = ctx.Get(DropLast),
        RareClasses = { ctx.Get(RareClasses) ?? [] },
        RareCopies = PlanRanges.RareCopies.Checked(ctx.Get(RareCopies), RareCopies),
    };

    private AugmentationSpec AugmentationSpec(CliContext ctx)
    {
        var a = AugmentationPresets.Get(ctx.Get(Augment) ?? "none");
        var overridden = false;
        void Set(Option<double?> option, Action<double> apply)
        {
            if (ctx.Get(option) is not { } value) return;
            apply(value);
            overridden = true;
        }
        Set(Rotation, v => a.RotationDegrees = v);
        Set(Shift, v => (a.WidthShift, a.HeightShift) = (v, v));
        Set(Shear, v => a.ShearDegrees = v);
        Set(Zoom, v => a.Zoom = v);
        Set(Brightness, v => a.Brightness = v);
        Set(Contrast, v => a.Contrast = v);
        Set(Crop, v => a.CropFraction = v);
        if (ctx.Get(Flip) is { } flip)
        {
            SetFlips(a, flip);
            overridden = true;
        }
        if (ctx.Get(Fill) is { } fill)
        {
            a.FillMode = fill switch
            {
                "nearest" => FillMode.FillNearest,
                "reflect" => FillMode.FillReflect,
                "wrap" => FillMode.FillWrap,
                "constant" => FillMode.FillConstant,
                _ => throw new CliException($"--fill must be nearest, reflect, wrap or constant, got '{fill}'."),
            };
        }
        if (overridden) a.Enabled = true;
        return a;
    }

    /// <summary>--flip none | h | v | hv on an augmentation (also the sweep's shared one).</summary>
    public static void SetFlips(AugmentationSpec augmentation, string flip)
    {
        try
        {
            AugmentationPresets.SetFlips(augmentation, flip);
        }
        catch (ArgumentException)
        {
            throw new CliException($"--flip must be none, h, v or hv, got '{flip}'.");
        }
    }

    private static double Alpha(CliContext ctx, Option<double?> option)
    {
        if (ctx.Get(option) is not { } alpha) return 0;
        if (!(alpha > 0)) throw new CliException($"{option.Name} must be > 0 (Beta(α, α)); leave the flag out for no mixing. Got {alpha}.");
        return alpha;
    }

    private static Option<string> Choice(string name, string description, string defaultValue, params string[] values)
    {
        var option = new Option<string>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        option.AcceptOnlyFromAmong(values);
        return option;
    }
}
