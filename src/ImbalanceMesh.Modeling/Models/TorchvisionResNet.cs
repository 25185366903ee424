using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ImbalanceMesh.Modeling.Models;

/// <summary>
/// torchvision's ImageNet ResNet with its exact module names (conv1, bn1, layer1..4, fc), so its state dicts load key
/// for key: a 7×7 stride-2 stem and 3×3 max-pool, four stages (64, 128, 256, 512 planes; stride 1, 2, 2, 2), global
/// average pooling, one linear layer. resnet18/34 use basic blocks, resnet50 bottlenecks.
/// </summary>
internal sealed class TorchvisionResNet : nn.Module<Tensor, Tensor>, ITransferNetwork
{
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly Sequential layer1;
    private readonly Sequential layer2;
    private readonly Sequential layer3;
    private readonly Sequential layer4;
    private readonly Linear fc;

    private TorchvisionResNet(string name, int[] blocks, bool bottleneck, int classes) : base(name)
    {
        var expansion = bottleneck ? TorchvisionBottleneck.Expansion : TorchvisionBasicBlock.Expansion;
        var input = 64;
        Sequential Stage(int planes, int count, int stride)
        {
            var stage = new List<nn.Module<Tensor, Tensor>>();
            for (var b = 0; b < count; b++)
            {
                var s = b == 0 ? stride : 1;
                var downsample = s != 1 || input != planes * expansion
                    ? nn.Sequential(nn.Conv2d(input, planes * expansion, 1, stride: s, bias: false), nn.BatchNorm2d(planes * expansion))
                    : null;
                stage.Add(bottleneck
                    ? new TorchvisionBottleneck(input, planes, s, downsample)
                    : new TorchvisionBasicBlock(input, planes, s, downsample));
                input = planes * expansion;
            }
            return nn.Sequential(stage);
        }

        conv1 = nn.Conv2d(3, 64, 7, stride: 2, padding: 3, bias: false);
        bn1 = nn.BatchNorm2d(64);
        layer1 = Stage(64, blocks[0], 1);
        layer2 = Stage(128, blocks[1], 2);
        layer3 = Stage(256, blocks[2], 2);
        layer4 = Stage(512, blocks[3], 2);
        fc = nn.Linear(512 * expansion, classes);
        RegisterComponents();
        BackboneStages = [[conv1, bn1], [layer1], [layer2], [layer3], [layer4]];
    }

    public static TorchvisionResNet Create(string architecture, int classes) => architecture switch
    {
        "resnet18" => new(architecture, [2, 2, 2, 2], bottleneck: false, classes),
        "resnet34" => new(architecture, [3, 4, 6, 3], bottleneck: false, classes),
        "resnet50" => new(architecture, [3, 4, 6, 3], bottleneck: true, classes),
        _ => throw new ArgumentException($"'{architecture}' is no torchvision ResNet", nameof(architecture)),
    };

    public IReadOnlyList<IReadOnlyList<nn.Module>> BackboneStages { get; }

    public nn.Module Head => fc;

    public Linear Classifier => fc;

    public IReadOnlyList<string> ReplacedKeys { get; } = ["fc.weight", "fc.bias"];

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = nn.functional.relu(bn1.forward(conv1.forward(input)));
        x = nn.functional.max_pool2d(x, 3, stride: 2, padding: 1);
        x = layer4.forward(layer3.forward(layer2.forward(layer1.forward(x))));
        x = nn.functional.adaptive_avg_pool2d(x, 1).flatten(1);
        return fc.forward(x).MoveToOuterDisposeScope();
    }
}
