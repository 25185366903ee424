using ImbalanceMesh.Modeling.Models;
using ImbalanceMesh.Modeling.Optimization;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ImbalanceMesh.Modeling.Transfer;

/// <summary>What a training step leaves frozen.</summary>
public enum FrozenPart
{
    None,
    Backbone,
    AllButClassifier,
}

/// <summary>
/// fastai-style fine-tuning of an <see cref="IStagedNetwork"/> (decoupling reuses its freezing). Frozen: the backbone's
/// parameters need no gradient (the optimiser skips them, weight decay included) and its batch norms stay in eval mode (running statistics kept),
/// so only the head learns. Unfrozen: discriminative learning rates — the head at the schedule's rate, backbone stage
/// s of S (0 = the stem) at rate / 10^(1 + (S−1−s)/(S−1)): a tenth for the stage next to the head, falling
/// geometrically to a hundredth at the stem (fastai's slice(lr/100, lr/10) for the body).
/// </summary>
public static class FineTuning
{
    public static double StageRateScale(int stage, int stages) =>
        stages <= 1 ? 0.1 : Math.Pow(10, -(1 + (double)(stages - 1 - stage) / (stages - 1)));

    /// <summary>The head first (scale 1), then each backbone stage from the stem; together every parameter once.</summary>
    public static IReadOnlyList<ParameterGroup> Groups(nn.Module<Tensor, Tensor> model)
    {
        var network = Network(model);
        var stages = network.BackboneStages;
        var groups = new List<ParameterGroup> { new(network.Head.parameters().ToList(), 1) };
        for (var s = 0; s < stages.Count; s++)
            groups.Add(new ParameterGroup(stages[s].SelectMany(m => m.parameters()).ToList(), StageRateScale(s, stages.Count)));
        var grouped = groups.Sum(g => g.Parameters.Count);
        var all = model.parameters().Count();
        if (grouped != all) throw new InvalidOperationException($"{model.GetName()}: its stages and head hold {grouped} of its {all} parameters");
        return groups;
    }

    /// <summary>
    /// Freezes <paramref name="part"/> (its parameters need no gradient) and lets every other parameter train. None:
    /// all train; Backbone: fine-tuning's frozen epochs; AllButClassifier: decoupling (cRT), only the last linear layer.
    /// </summary>
    public static void SetFrozen(nn.Module<Tensor, Tensor> model, FrozenPart part)
    {
        var network = Network(model);
        HashSet<IntPtr> frozen = part switch
        {
            FrozenPart.None => [],
            FrozenPart.Backbone => [.. BackboneParameters(network).Select(p => p.Handle)],
            _ => [.. model.parameters().Select(p => p.Handle).Except(network.Classifier.parameters().Select(p => p.Handle))],
        };
        foreach (var parameter in model.parameters()) parameter.requires_grad = !frozen.Contains(parameter.Handle);
    }

    /// <summary>After model.train(): the frozen part's batch norms (and dropout, if any) back in eval mode.</summary>
    public static void KeepFrozenInEvalMode(nn.Module<Tensor, Tensor> model, FrozenPart part)
    {
        if (part == FrozenPart.AllButClassifier)
        {
            model.eval();
            return;
        }
        if (part == FrozenPart.Backbone)
            foreach (var module in Network(model).BackboneStages.SelectMany(stage => stage)) module.eval();
    }

    private static IEnumerable<Parameter> BackboneParameters(IStagedNetwork network) =>
        network.BackboneStages.SelectMany(stage => stage).SelectMany(m => m.parameters());

    private static IStagedNetwork Network(nn.Module<Tensor, Tensor> model) =>
        model as IStagedNetwork ?? throw new ArgumentException($"{model.GetName()} has no backbone and head to freeze apart", nameof(model));
}
