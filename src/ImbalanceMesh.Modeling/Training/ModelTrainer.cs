using ImbalanceMesh.Modeling.Losses;
using ImbalanceMesh.Modeling.Optimization;
using ImbalanceMesh.Modeling.Runtime;
using ImbalanceMesh.Modeling.Transfer;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ImbalanceMesh.Modeling.Training;

/// <summary>One model, its loss and optimiser: a train step on a batch, and evaluation predictions.</summary>
public sealed class ModelTrainer : IDisposable
{
    private ImbalanceLoss loss;
    private IReadOnlyList<double> rateScales;
    private FrozenPart frozen;

    /// <param name="rateScales">Per optimiser parameter group, the share of the step's learning rate (none: 1 for all).</param>
    public ModelTrainer(nn.Module<Tensor, Tensor> model, ImbalanceLoss loss, OptimizerHelper optimizer, Device device,
        IReadOnlyList<double>? rateScales = null)
    {
        Model = model;
        this.loss = loss;
        Optimizer = optimizer;
        Device = device;
        this.rateScales = rateScales ?? [];
    }

    public nn.Module<Tensor, Tensor> Model { get; }
    public OptimizerHelper Optimizer { get; private set; }
    public Device Device { get; }

    /// <summary>The part of the model out of training (see <see cref="FineTuning"/>); the rest learns.</summary>
    public FrozenPart Frozen
    {
        get => frozen;
        set
        {
            if (value == frozen) return;
            using var fence = TorchGcFence.Enter();
            FineTuning.SetFrozen(Model, value);
            frozen = value;
        }
    }

    /// <summary>Fine-tuning's frozen epochs: the backbone out of training, only the head learns.</summary>
    public bool BackboneFrozen
    {
        get => frozen == FrozenPart.Backbone;
        set => Frozen = value ? FrozenPart.Backbone : FrozenPart.None;
    }

    /// <summary>A new objective for the same model (a second training stage): the old optimiser is disposed.</summary>
    public void Restart(ImbalanceLoss newLoss, OptimizerHelper newOptimizer, IReadOnlyList<double>? newRateScales = null)
    {
        Optimizer.Dispose();
        (loss, Optimizer, rateScales) = (newLoss, newOptimizer, newRateScales ?? []);
    }

    /// <summary>
    /// One optimisation step. inputs: float [N, C, H, W]; targets: int64 labels [N] or float soft targets [N, K].
    /// Returns the batch loss. Every temporary tensor is freed before returning.
    /// </summary>
    public float Step(Tensor inputs, Tensor targets, int epoch, double learningRate)
    {
        using var fence = TorchGcFence.Enter();
        using var scope = NewDisposeScope();
        Model.train();
        FineTuning.KeepFrozenInEvalMode(Model, frozen);
        OptimizerFactory.SetLearningRate(Optimizer, learningRate, rateScales);
        Optimizer.zero_grad();
        var logits = Model.forward(inputs.to(Device));
        var value = loss.Compute(logits, targets.to(Device), epoch);
        value.backward();
        Optimizer.step();
        var result = value.item<float>();
        if (!float.IsFinite(result))
            throw new ArithmeticException($"the loss became {result} at epoch {epoch + 1}; lower the learning rate");
        return result;
    }

    /// <summary>Arg-max class per row of inputs (eval mode, no gradients).</summary>
    public long[] Predict(Tensor inputs)
    {
        using var fence = TorchGcFence.Enter();
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        Model.eval();
        return Model.forward(inputs.to(Device)).argmax(1).cpu().data<long>().ToArray();
    }

    /// <summary>Softmax probabilities per row of inputs, row-major [rows, classes] (eval mode, no gradients).</summary>
    public float[] Probabilities(Tensor inputs)
    {
        using var fence = TorchGcFence.Enter();
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        Model.eval();
        return Model.forward(inputs.to(Device)).softmax(1).cpu().data<float>().ToArray();
    }

    public void Dispose()
    {
        Optimizer.Dispose();
        Model.Dispose();
    }
}
