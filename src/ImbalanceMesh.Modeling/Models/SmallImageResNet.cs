using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ImbalanceMesh.Modeling.Models;

/// <summary>
/// He et al.'s CIFAR ResNet (6n+2 layers: n=3 → ResNet-20, n=5 → ResNet-32): a 3×3 stem, three stages of n blocks with
/// w, 2w, 4w channels (stride 1, 2, 2), global average pooling. Works for 28–64 px inputs.
/// </summary>
internal sealed class SmallImageResNet : nn.Module<Tensor, Tensor>, IStagedNetwork
{
    private readonly Sequential stem;
    private readonly Sequential stages;
    private readonly Linear classifier;

    public SmallImageResNet(ModelSpec spec, int blocksPerStage) : base($"resnet{6 * blocksPerStage + 2}")
    {
        var w = spec.Width;
        stem = nn.Sequential(nn.Conv2d(spec.Channels, w, 3, padding: 1, bias: false), nn.BatchNorm2d(w), nn.ReLU());
        var blocks = new List<nn.Module<Tensor, Tensor>>();
        var input = w;
        foreach (var (output, stride) in new[] { (w, 1), (2 * w, 2), (4 * w, 2) })
        {
            for (var b = 0; b < blocksPerStage; b++)
            {
                blocks.Add(new ResidualBlock(input, output, b == 0 ? stride : 1));
                input = output;
            }
        }
        stages = nn.Sequential(blocks);
        classifier = nn.Linear(4 * w, spec.Classes);
        RegisterComponents();
        BackboneStages = [[stem], [stages]];
    }

    public IReadOnlyList<IReadOnlyList<nn.Module>> BackboneStages { get; }

    public nn.Module Head => classifier;

    public Linear Classifier => classifier;

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = stages.forward(stem.forward(input));
        x = nn.functional.adaptive_avg_pool2d(x, 1).flatten(1);
        return classifier.forward(x).MoveToOuterDisposeScope();
    }
}
