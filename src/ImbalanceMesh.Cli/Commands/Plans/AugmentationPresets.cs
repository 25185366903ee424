using ImbalanceMesh.Contracts.V1;

namespace ImbalanceMesh.Cli.Commands.Plans;

/// <summary>The --augment presets; single flags (--rotation, --zoom, ...) override a preset's values.</summary>
public static class AugmentationPresets
{
    public static readonly string[] Names = ["none", "light", "medium", "strong"];

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
        _ => throw new CliException($"--augment must be one of {string.Join(", ", Names)}, got '{name}'."),
    };
}
