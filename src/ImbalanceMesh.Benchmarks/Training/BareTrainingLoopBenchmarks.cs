using BenchmarkDotNet.Attributes;
using ImbalanceMesh.Modeling.Losses;
using ImbalanceMesh.Modeling.Models;
using ImbalanceMesh.Modeling.Optimization;
using ImbalanceMesh.Modeling.Runtime;
using ImbalanceMesh.Modeling.Training;
using static TorchSharp.torch;

namespace ImbalanceMesh.Benchmarks.Training;

/// <summary>
/// The bare TorchSharp loop the training service is measured against: one optimisation step of the same model and
/// batch as the service run, on tensors already in memory (no data loading, no decoding, no events).
/// images/s = Batch / mean step time. Threads = 2 (the machine's cores), as in the service.
/// </summary>
[MemoryDiagnoser(false)]
public class BareTrainingLoopBenchmarks
{
    private ModelTrainer _trainer = null!;
    private Tensor _inputs = null!;
    private Tensor _targets = null!;

    [Params("cnn", "resnet20")]
    public string Model { get; set; } = "cnn";

    [Params(32)]
    public int ImageSize { get; set; }

    [Params(64)]
    public int Batch { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        TorchRuntime.EnsureInitialized();
        TorchRuntime.SetThreads(2);
        manual_seed(1);
        var model = ModelFactory.Create(new ModelSpec(Model, 16, 3, 3, ImageSize));
        var loss = LossFactory.Create(new LossOptions { Name = "ce", Classes = 3 });
        _trainer = new ModelTrainer(model, loss, OptimizerFactory.Create(new OptimizerOptions("adamw", 0.003, 0, 5e-4), model.parameters()), CPU);
        _inputs = randn(Batch, 3, ImageSize, ImageSize);
        _targets = nn.functional.one_hot(randint(0, 3, [Batch], dtype: ScalarType.Int64), 3).to(ScalarType.Float32);
    }

    [Benchmark]
    public float TrainStep() => _trainer.Step(_inputs, _targets, epoch: 0, learningRate: 0.003);

    [GlobalCleanup]
    public void Cleanup()
    {
        _trainer.Dispose();
        _inputs.Dispose();
        _targets.Dispose();
    }
}
