using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Core.Budgets;
using ImbalanceMesh.ServiceDefaults.Errors;

namespace ImbalanceMesh.Augmentation.Plans;

/// <summary>Checks a PlanSpec before anything is loaded; every failure names the field, the value and the allowed range.</summary>
public static class PlanValidator
{
    public static void Validate(PlanSpec spec)
    {
        if (spec.Dataset is null || string.IsNullOrWhiteSpace(spec.Dataset.Dataset)) throw MeshException.Invalid("dataset is required (PlanSpec.dataset.dataset).");
        if (spec.Dataset.Version < 0) throw MeshException.Invalid($"dataset version {spec.Dataset.Version} is not valid; use 0 for the latest.");
        Range(PlanRanges.BatchSize, spec.BatchSize);
        Range(PlanRanges.ImageSize, spec.ImageSize);
        if (spec.HasEpochs) Range(PlanRanges.Epochs, spec.Epochs);
        if (spec.Channels is not (0 or 1 or 3)) throw MeshException.Invalid($"channels must be 1, 3 or 0 (= from the dataset), got {spec.Channels}.");
        ValidateSampling(spec.Sampling ?? new SamplingSpec());
        ValidateMix(spec.Mix ?? new MixSpec());
        ValidateAugmentation(spec.Augmentation ?? new AugmentationSpec());
        if (spec.Std.Any(s => !(s > 0))) throw MeshException.Invalid("every std value must be > 0.");
        if (spec.Mean.Any(m => !double.IsFinite(m))) throw MeshException.Invalid("every mean value must be a finite number.");
        if (spec.Mean.Count != spec.Std.Count) throw MeshException.Invalid($"mean has {spec.Mean.Count} values but std has {spec.Std.Count}; give one per channel.");
        if (!Enum.IsDefined(spec.PixelFormat)) throw MeshException.Invalid($"pixel_format {(int)spec.PixelFormat} is unknown; use uint8 or float16.");
        if (!Enum.IsDefined(spec.Split)) throw MeshException.Invalid($"split {(int)spec.Split} is unknown; use train, val or test.");
    }

    private static void ValidateSampling(SamplingSpec s)
    {
        if (!Enum.IsDefined(s.Policy)) throw MeshException.Invalid($"sampling policy {(int)s.Policy} is unknown.");
        if (!(s.TargetRatio is >= 0 and <= 1)) throw MeshException.Invalid($"sampling target_ratio must be in (0, 1] (0 = default 1), got {s.TargetRatio}.");
        Range(PlanRanges.StepsPerEpoch, s.StepsPerEpoch);
        Range(PlanRanges.RareCopies, s.RareCopies);
        Range(PlanRanges.MaxSamples, s.MaxSamples);
    }

    private static void ValidateMix(MixSpec m)
    {
        Alpha("mixup_alpha", m.MixupAlpha);
        Alpha("cutmix_alpha", m.CutmixAlpha);
        Fraction("mix probability", m.Probability);
        Fraction("switch_probability", m.SwitchProbability);
        if (!(m.LabelSmoothing is >= 0 and < 1)) throw MeshException.Invalid($"label_smoothing must be in [0, 1), got {m.LabelSmoothing}.");
        if (m.HasRemixKappa && !(m.RemixKappa >= 1 && double.IsFinite(m.RemixKappa))) throw MeshException.Invalid($"remix_kappa must be a number >= 1, got {m.RemixKappa}.");
        if (m.HasRemixTau && !(m.RemixTau is >= 0 and <= 1)) throw MeshException.Invalid($"remix_tau must be in [0, 1], got {m.RemixTau}.");
        if ((m.HasRemixKappa || m.HasRemixTau) && !m.Remix) throw MeshException.Invalid("remix_kappa and remix_tau apply only with remix = true.");
        if (m.OffLastEpochs < 0) throw MeshException.Invalid($"off_last_epochs must be >= 0 (0 = mix every epoch), got {m.OffLastEpochs}.");
        if ((m.Remix || m.OffLastEpochs > 0) && m.MixupAlpha == 0 && m.CutmixAlpha == 0)
            throw MeshException.Invalid("remix and off_last_epochs change mixing, but the plan mixes nothing: set mixup_alpha or cutmix_alpha.");
    }

    private static void ValidateAugmentation(AugmentationSpec a)
    {
        Between("rotation_degrees", a.RotationDegrees, 0, 180);
        Between("width_shift", a.WidthShift, 0, 1);
        Between("height_shift", a.HeightShift, 0, 1);
        Between("shear_degrees", a.ShearDegrees, 0, 80);
        Between("zoom", a.Zoom, 0, 0.9);
        Between("brightness", a.Brightness, 0, 1);
        Between("contrast", a.Contrast, 0, 1);
        Between("crop_fraction", a.CropFraction, 0, 1);
        Between("fill_value", a.FillValue, 0, 255);
        if (!Enum.IsDefined(a.FillMode)) throw MeshException.Invalid($"fill_mode {(int)a.FillMode} is unknown; use nearest, reflect, wrap or constant.");
    }

    private static void Range(IntRange range, int value)
    {
        if (range.Problem(value) is { } problem) throw MeshException.Invalid($"{problem}.");
    }

    private static void Alpha(string name, double value)
    {
        if (!(value >= 0) || double.IsInfinity(value))
            throw MeshException.Invalid($"{name} must be > 0 to mix (Beta(α, α)), or 0 to switch it off; got {value}.");
    }

    private static void Fraction(string name, double value)
    {
        if (!(value is >= 0 and <= 1)) throw MeshException.Invalid($"{name} must be in [0, 1], got {value}.");
    }

    private static void Between(string name, double value, double min, double max)
    {
        if (!(value >= min && value <= max)) throw MeshException.Invalid($"augmentation {name} must be in [{min}, {max}], got {value}.");
    }
}
