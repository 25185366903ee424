using ImbalanceMesh.Core.Budgets;
using ImbalanceMesh.Core.Transfer;

namespace ImbalanceMesh.Modeling.Models;

/// <summary>What is needed to rebuild a network before its weights are loaded.</summary>
/// <param name="Width">Base channel width of cnn/resnet20/resnet32; the torchvision backbones have fixed widths and ignore it.</param>
public sealed record ModelSpec(string Architecture, int Width, int Classes, int Channels, int ImageSize)
{
    public const int DefaultWidth = 16;

    public static IReadOnlyList<string> Architectures { get; } = ["cnn", "resnet20", "resnet32", .. Backbones.Names];

    public bool IsBackbone => Backbones.IsBackbone(Architecture);

    /// <summary>Null when valid, otherwise a message a person can act on.</summary>
    public string? Validate()
    {
        if (!Architectures.Contains(Architecture))
            return $"unknown model '{Architecture}'; use one of: {string.Join(", ", Architectures)}";
        // libtorch 2.10 CPU conv backward is wrong (NaN) with >1 thread for channel counts that are not multiples of 16.
        if (!IsBackbone && (Width is < 16 or > 256 || Width % 16 != 0)) return $"width must be a multiple of 16 between 16 and 256, got {Width}";
        if (Classes < 2) return $"a classifier needs at least 2 classes, got {Classes}";
        if (Channels is not (1 or 3)) return $"channels must be 1 or 3, got {Channels}";
        if (IsBackbone && Channels != Backbones.Channels) return $"{Architecture} takes RGB images (3 channels), got {Channels}; set the plan's channels to 3";
        if (TrainingRanges.ImageSize.Problem(ImageSize) is { } imageSize) return imageSize;
        if (IsBackbone && ImageSize < Backbones.MinImageSize)
            return $"{Architecture} needs images of at least {Backbones.MinImageSize} px (five stride-2 stages), got {ImageSize}";
        return null;
    }
}
