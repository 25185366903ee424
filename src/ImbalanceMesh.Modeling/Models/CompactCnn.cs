using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ImbalanceMesh.Modeling.Models;

/// <summary>Three conv-BN-ReLU-pool blocks (w, 2w, 4w channels), global average pooling, one linear layer.</summary>
internal sealed class CompactCnn : nn.Module<Tensor, Tensor>, IStagedNetwork
{
    private readonly Sequential features;
    private readonly Linear classifier;

    public CompactCnn(ModelSpec spec) : base("cnn")
    {
        var w = spec.Width;
        features = nn.Sequential(
            Block(spec.Channels, w), Block(w, 2 * w), Block(2 * w, 4 * w),
            nn.AdaptiveAvgPool2d(1), nn.Flatten());
        classifier = nn.Linear(4 * w, spec.Classes);
        RegisterComponents();
        BackboneStages = [[features]];
    }

    public IReadOnlyList<IReadOnlyList<nn.Module>> BackboneStages { get; }

    public nn.Module Head => classifier;

    public Linear Classifier => classifier;

    private static Sequential Block(int input, int output) => nn.Sequential(
        nn.Conv2d(input, output, 3, padding: 1, bias: false),
        nn.BatchNorm2d(output),
        nn.ReLU(),
        nn.MaxPool2d(2));

    public override Tensor forward(Tensor input) => classifier.forward(features.forward(input));
}
