using ImbalanceMesh.Core.Budgets;

namespace ImbalanceMesh.Modeling.Models;

/// <summary>What is needed to rebuild a network before its weights are loaded.</summary>
public sealed record ModelSpec(string Architecture, int Width, int Classes, int Channels, int ImageSize)
{
    public const int DefaultWidth = 16;

    public static IReadOnlyList<string> Architectures { get; } = ["cnn", "resnet20", "resnet32"];

    /// <summary>Null when valid, otherwise a message a person can act on.</summary>
    public string? Validate()
    {
        if (!Architectures.Contains(Architecture))
            return $"unknown model '{Architecture}'; use one of: {string.Join(", ", Architectures)}";
        // libtorch 2.10 CPU conv backward is wrong (NaN) with >1 thread for channel counts that are not multiples of 16.
        if (Width is < 16 or > 256 || Width % 16 != 0) return $"width must be a multiple of 16 between 16 and 256, got {Width}";
        if (Classes < 2) return $"a classifier needs at least 2 classes, got {Classes}";
        if (Channels is not (1 or 3)) return $"channels must be 1 or 3, got {Channels}";
        if (TrainingRanges.ImageSize.Problem(ImageSize) is { } imageSize) return imageSize;
        return null;
    }
}
