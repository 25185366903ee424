using ImbalanceMesh.Contracts.V1;

namespace ImbalanceMesh.Contracts;

/// <summary>
/// The named augmentation strengths: `--augment` presets of imesh and the `aug=LEVEL` part of a strategy composition,
/// which the training service expands. Single settings (--rotation, --flip, ...) override a preset's values.
/// </summary>
public static class AugmentationPresets
{
    public static readonly string[] Names = ["none", "light", "medium", "strong"];

    public static readonly string[] Flips = ["none", "h", "v", "hv"];

    /// <summary>A fresh copy of the preset; ArgumentException for an unknown name.</summary>
    public static AugmentationSpec Get(string name) => name switch
    {
        "none" => new AugmentationSpec(),
        "light" => new AugmentationSpec
        {
            Enabled = true, RotationDegrees = 10, WidthShift = 0.08, HeightShift = 0.08, Zoom = 0.1, HorizontalFlip = true,
            Brightness = 0.1, FillMode = FillMode.FillReflect,
        },
        "medium" => new AugmentationSpec
        {
            Enabled = true, RotationDegrees = 15, WidthShift = 0.1, HeightShift = 0.1, ShearDegrees = 5, Zoom = 0.15,
            HorizontalFlip = true, Brightness = 0.2, Contrast = 0.2, FillMode = FillMode.FillReflect,
        },
        "strong" => new AugmentationSpec
        {
            Enabled = true, RotationDegrees = 25, WidthShift = 0.15, HeightShift = 0.15, ShearDegrees = 10, Zoom = 0.25,
            HorizontalFlip = true, Brightness = 0.3, Contrast = 0.3, CropFraction = 0.85, FillMode = FillMode.FillReflect,
        },
        _ => throw new ArgumentException($"augmentation must be one of {string.Join(", ", Names)}, got '{name}'"),
    };

    /// <summary>Sets the random flips from none | h | v | hv; ArgumentException for anything else.</summary>
    public static void SetFlips(AugmentationSpec spec, string flips)
    {
        if (!Flips.Contains(flips)) throw new ArgumentException($"flips must be one of {string.Join(", ", Flips)}, got '{flips}'");
        (spec.HorizontalFlip, spec.VerticalFlip) = (flips.Contains('h'), flips.Contains('v'));
    }

    /// <summary>
    /// The preset's strengths (rotation, shifts, shear, zoom, brightness, contrast, crop) on <paramref name="spec"/>,
    /// keeping its flips and fill: whether an image may be mirrored is a property of the data (digits, text), not of a
    /// strength. A spec that does not augment becomes the preset as it is.
    /// </summary>
    public static AugmentationSpec WithStrength(AugmentationSpec? spec, string name)
    {
        var preset = Get(name);
        if (spec is not { Enabled: true } || !preset.Enabled) return preset;
        var merged = preset.Clone();
        (merged.HorizontalFlip, merged.VerticalFlip, merged.FillMode) = (spec.HorizontalFlip, spec.VerticalFlip, spec.FillMode);
        return merged;
    }
}
