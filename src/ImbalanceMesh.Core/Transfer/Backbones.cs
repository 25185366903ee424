namespace ImbalanceMesh.Core.Transfer;

/// <summary>
/// The torchvision ImageNet backbones (resnet18/34/50, vgg16) and the input they were trained on: 224 px RGB
/// normalised with ImageNet's per-channel mean and std. A plan for such a model follows this input unless it says
/// otherwise.
/// </summary>
public static class Backbones
{
    public static IReadOnlyList<string> Names { get; } = ["resnet18", "resnet34", "resnet50", "vgg16"];

    public const int ImageSize = 224;

    public const int Channels = 3;

    /// <summary>Five stride-2 stages: below 32 px the last feature map is empty (vgg16) or a single pixel.</summary>
    public const int MinImageSize = 32;

    public static IReadOnlyList<float> Mean { get; } = [0.485f, 0.456f, 0.406f];

    public static IReadOnlyList<float> Std { get; } = [0.229f, 0.224f, 0.225f];

    public static bool IsBackbone(string architecture) => Names.Contains(architecture);
}
