using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ImbalanceMesh.Modeling.Models;

/// <summary>He (Kaiming) initialisation for ReLU networks; batch norm starts as identity; the classifier starts small.</summary>
internal static class ConvolutionInit
{
    public static void Apply(nn.Module root)
    {
        using var _ = no_grad();
        foreach (var (_, module) in root.named_modules())
        {
            switch (module)
            {
                case Conv2d conv:
                    nn.init.kaiming_normal_(conv.weight, mode: nn.init.FanInOut.FanOut, nonlinearity: nn.init.NonlinearityType.ReLU);
                    if (conv.bias is not null) nn.init.zeros_(conv.bias);
                    break;
                case BatchNorm2d norm:
                    if (norm.weight is not null) nn.init.ones_(norm.weight);
                    if (norm.bias is not null) nn.init.zeros_(norm.bias);
                    break;
                case Linear linear:
                    Reset(linear);
                    break;
            }
        }
    }

    /// <summary>A linear layer as a new model's classifier starts (cRT re-initialises the classifier this way).</summary>
    public static void Reset(Linear linear)
    {
        using var _ = no_grad();
        nn.init.kaiming_uniform_(linear.weight, a: Math.Sqrt(5));
        if (linear.bias is not null) nn.init.zeros_(linear.bias);
    }
}
