using ImbalanceMesh.Core.Decoupling;
using ImbalanceMesh.Modeling.Models;
using ImbalanceMesh.Modeling.Runtime;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ImbalanceMesh.Modeling.Decoupling;

/// <summary>
/// The classifier-side operations of decoupling (<see cref="DecouplingStages"/>) on a model's last linear layer:
/// cRT's re-initialisation and τ-normalisation of the class weight vectors (rows of the weight matrix).
/// </summary>
public static class ClassifierStage
{
    public static Linear Classifier(nn.Module<Tensor, Tensor> model) =>
        (model as IStagedNetwork ?? throw new ArgumentException($"{model.GetName()} has no separate classifier layer", nameof(model))).Classifier;

    /// <summary>cRT: the classifier starts again as a new model's does, from <paramref name="seed"/>.</summary>
    public static void Reinitialise(nn.Module<Tensor, Tensor> model, long seed)
    {
        using var fence = TorchGcFence.Enter();
        manual_seed(seed);
        ConvolutionInit.Reset(Classifier(model));
    }

    /// <summary>‖w_j‖ of every class row of the classifier weight.</summary>
    public static double[] RowNorms(Tensor weight)
    {
        using var scope = NewDisposeScope();
        return [.. weight.detach().norm(1).cpu().to_type(ScalarType.Float64).data<double>()];
    }

    /// <summary>Sets the classifier weight to original_j / ‖original_j‖^τ row by row (the bias is kept).</summary>
    public static void TauNormalise(nn.Module<Tensor, Tensor> model, Tensor original, double tau)
    {
        using var fence = TorchGcFence.Enter();
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var weight = Classifier(model).weight ?? throw new InvalidOperationException("the classifier has no weight");
        var scales = RowNorms(original).Select(n => (float)DecouplingStages.TauScale(n, tau)).ToArray();
        var scaled = original.to(weight.device) * tensor(scales, [scales.Length, 1]).to(weight.device);
        weight.copy_(scaled.to_type(weight.dtype));
    }
}
