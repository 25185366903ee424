using TorchSharp;
using static TorchSharp.torch;

namespace ImbalanceMesh.Modeling.Models;

public static class ModelFactory
{
    /// <summary>Builds and initialises the network for spec on device (throws ArgumentException for an invalid spec).</summary>
    public static nn.Module<Tensor, Tensor> Create(ModelSpec spec, Device? device = null)
    {
        if (spec.Validate() is { } problem) throw new ArgumentException(problem, nameof(spec));
        Runtime.TorchRuntime.EnsureInitialized();
        nn.Module<Tensor, Tensor> model = spec.Architecture switch
        {
            "cnn" => new CompactCnn(spec),
            "resnet20" => new SmallImageResNet(spec, blocksPerStage: 3),
            "resnet32" => new SmallImageResNet(spec, blocksPerStage: 5),
            "vgg16" => new TorchvisionVgg16(spec.Classes),
            _ => TorchvisionResNet.Create(spec.Architecture, spec.Classes),
        };
        ConvolutionInit.Apply(model);
        return device is null ? model : model.to(device);
    }
}
