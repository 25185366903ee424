using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Core.Batches;
using ImbalanceMesh.Core.Randomness;
using ImbalanceMesh.Core.Transfer;
using ImbalanceMesh.Modeling.Decoupling;
using ImbalanceMesh.Modeling.Checkpoints;
using ImbalanceMesh.Modeling.Losses;
using ImbalanceMesh.Modeling.Models;
using ImbalanceMesh.Modeling.Optimization;
using ImbalanceMesh.Modeling.Runtime;
using ImbalanceMesh.Modeling.Training;
using ImbalanceMesh.Modeling.Transfer;
using ImbalanceMesh.Training.Specs;
using TorchSharp;
using static TorchSharp.torch;

namespace ImbalanceMesh.Training.Loop;

/// <summary>The model, loss, optimiser and schedule of one job, built from its spec and the first batch's shape.</summary>
public sealed class TrainingSession : IDisposable
{
    private readonly ModelTrainer _trainer;
    private readonly TrainingSpec _spec;
    private readonly IReadOnlyList<string> _classes;
    private bool _classifierStage;

    private TrainingSession(ModelTrainer trainer, TrainingSpec spec, IReadOnlyList<string> classes, MeshBatch shape,
        LearningRateSchedule schedule)
    {
        _trainer = trainer;
        _spec = spec;
        _classes = classes;
        Shape = shape;
        Schedule = schedule;
    }

    public MeshBatch Shape { get; }
    public LearningRateSchedule Schedule { get; private set; }

    /// <summary>What the job's decoupling stage did to the model, for its card (null: not through one).</summary>
    public DecouplingRecord? Decoupling { get; set; }

    /// <param name="pretrained">The spec's pretrained state dict, to start from (null: from scratch, or the job resumes from its checkpoint).</param>
    public static TrainingSession Create(TrainingSpec spec, Plan plan, ClassStatistics statistics, MeshBatch first, Device device,
        Stream? pretrained = null)
    {
        var classes = plan.Classes.Count;
        if (first.ClassCount != classes)
            throw new InvalidDataException($"batches carry {first.ClassCount} classes but plan {plan.PlanId} has {classes}");
        if (first.Height != first.Width) throw new InvalidDataException($"batches are {first.Height}×{first.Width}; models take square images");
        using var fence = TorchGcFence.Enter();
        manual_seed((long)(SeedDerivation.Derive(spec.Seed, "model-init") & long.MaxValue));
        var model = ModelFactory.Create(new ModelSpec(spec.Model, spec.Width, classes, first.Channels, first.Height));
        try
        {
            if (pretrained is not null) PretrainedLoader.Load(model, pretrained, spec.Pretrained.FileName);
            model.to(device);
            var loss = LossFactory.Create(LossOptions(spec.Loss, classes, statistics));
            // Discriminative rates only for a pretrained backbone: a network from scratch trains every layer alike.
            var groups = spec.Pretrained is not null ? FineTuning.Groups(model) : [new ParameterGroup(model.parameters().ToList(), 1)];
            var optimizer = OptimizerFactory.Create(new OptimizerOptions(spec.Optimizer.Name, spec.Optimizer.LearningRate,
                spec.Optimizer.Momentum, spec.Optimizer.WeightDecay), groups);
            var schedule = new LearningRateSchedule(spec.Optimizer.Schedule, spec.Optimizer.LearningRate, spec.Epochs,
                Math.Max(plan.StepsPerEpoch, 1), spec.Optimizer.WarmupEpochs, spec.Optimizer.StepSize, spec.Optimizer.Gamma);
            var trainer = new ModelTrainer(model, loss, optimizer, device, groups.Select(g => g.RateScale).ToList());
            return new TrainingSession(trainer, spec, plan.Classes, first, schedule);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    public static LossOptions LossOptions(LossSpec loss, int classes, ClassStatistics statistics) => new()
    {
        Name = loss.Name,
        Classes = classes,
        ClassCounts = statistics.Counts,
        ClassWeights = statistics.RuleWeights,
        EffectiveNumberWeights = statistics.EffectiveNumberWeights,
        FocalGamma = loss.FocalGamma,
        FocalAlpha = loss.FocalAlpha.Count > 0 ? loss.FocalAlpha : null,
        Tau = loss.Tau,
        LdamMaxMargin = loss.LdamMaxMargin,
        DrwStartEpoch = loss.DrwStartEpoch,
        DeferredReweighting = loss.DeferredReweighting,
        LabelSmoothing = loss.LabelSmoothing,
    };

    /// <summary>One optimisation step on a decoded batch (soft targets, so mixup/CutMix batches train as they are).</summary>
    public float Step(PreparedBatch prepared, int epoch, int step)
    {
        var batch = prepared.Batch;
        using var scope = NewDisposeScope();
        var inputs = prepared.Inputs();
        var targets = tensor(batch.SoftLabels, [batch.Count, batch.ClassCount]);
        if (_spec.FreezeEpochs > 0 && !_classifierStage) _trainer.BackboneFrozen = epoch < _spec.FreezeEpochs;
        return _trainer.Step(inputs, targets, epoch, Schedule.At(epoch, step));
    }

    /// <summary>
    /// cRT (docs/TRAINING.md, "Decoupling"): the last linear layer re-initialised (seeded from the job's seed) and from
    /// now on the only part that trains — the rest frozen, batch norms in eval mode — with plain cross-entropy (the
    /// batches are class-balanced), a fresh optimiser of the spec's kind and a cosine schedule over the stage's epochs.
    /// </summary>
    public void BeginClassifierRetraining(int epochs, int stepsPerEpoch)
    {
        _classifierStage = true;
        var model = _trainer.Model;
        ClassifierStage.Reinitialise(model, (long)(SeedDerivation.Derive(_spec.Seed, "crt-init") & long.MaxValue));
        _trainer.Frozen = FrozenPart.AllButClassifier;
        var o = _spec.Optimizer;
        var optimizer = OptimizerFactory.Create(new OptimizerOptions(o.Name, o.LearningRate, o.Momentum, o.WeightDecay),
            ClassifierStage.Classifier(model).parameters());
        _trainer.Restart(LossFactory.Create(new LossOptions { Name = "ce", Classes = _classes.Count }), optimizer);
        Schedule = new LearningRateSchedule("cosine", o.LearningRate, epochs, Math.Max(stepsPerEpoch, 1), 0, o.StepSize, o.Gamma);
    }

    /// <summary>A copy of the classifier's weight as it is now (τ-normalisation always starts from it).</summary>
    public Tensor ClassifierWeight()
    {
        using var fence = TorchGcFence.Enter();
        return ClassifierStage.Classifier(_trainer.Model).weight!.detach().clone();
    }

    public void TauNormalise(Tensor original, double tau) => ClassifierStage.TauNormalise(_trainer.Model, original, tau);

    public void LoadModel(byte[] model)
    {
        using var fence = TorchGcFence.Enter();
        ModelSerializer.Load(_trainer.Model, model);
    }

    /// <summary>Softmax probabilities of the batch, row-major [count, classes].</summary>
    public float[] Probabilities(PreparedBatch prepared)
    {
        using var scope = NewDisposeScope();
        return _trainer.Probabilities(prepared.Inputs());
    }

    public byte[] SaveModel() => ModelSerializer.Save(_trainer.Model);

    public byte[] SaveOptimizer()
    {
        using var fence = TorchGcFence.Enter();
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true)) _trainer.Optimizer.save_state_dict(writer);
        return stream.ToArray();
    }

    public void Restore(byte[] model, byte[] optimizer)
    {
        using var fence = TorchGcFence.Enter();
        ModelSerializer.Load(_trainer.Model, model);
        using var stream = new MemoryStream(optimizer, writable: false);
        using var reader = new BinaryReader(stream);
        _trainer.Optimizer.load_state_dict(reader);
    }

    public ModelCard Card(string jobId, int epochsDone, double valBalancedAccuracy) => new()
    {
        Architecture = _spec.Model,
        Width = _spec.Width,
        Classes = { _classes },
        ImageSize = Shape.Height,
        Channels = Shape.Channels,
        Mean = { Shape.Mean },
        Std = { Shape.Std },
        Spec = _spec,
        Epoch = epochsDone,
        ValBalancedAccuracy = valBalancedAccuracy,
        JobId = jobId,
        Backbone = Backbones.IsBackbone(_spec.Model) ? _spec.Model : "",
        PretrainedSha256 = _spec.Pretrained?.Sha256 ?? "",
        Decoupling = Decoupling,
    };

    public void Dispose() => _trainer.Dispose();
}
