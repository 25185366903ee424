using System.Diagnostics;
using ImbalanceMesh.Modeling.Losses;
using ImbalanceMesh.Modeling.Models;
using ImbalanceMesh.Modeling.Optimization;
using ImbalanceMesh.Modeling.Runtime;
using ImbalanceMesh.Modeling.Training;
using ImbalanceMesh.Modeling.Transfer;
using static TorchSharp.torch;

namespace ImbalanceMesh.Benchmarks.Training;

/// <summary>
/// `ImbalanceMesh.Benchmarks.dll backbone MODEL BATCH STEPS THREADS [SIZE]`: training steps of a torchvision backbone
/// on random 224 px tensors, frozen (head only, backbone BN in eval mode) then unfrozen (discriminative rates), the way
/// the training service runs them (ModelTrainer, AdamW). One warm-up step per phase, then STEPS timed steps; prints
/// images/s per phase and the peak RSS (VmHWM) after each. torchvision_backbone.py does the same in PyTorch.
/// Not BenchmarkDotNet: peak RSS needs one process per model, and a 224 px step takes seconds.
/// </summary>
public static class BackboneStepTiming
{
    public static int Run(string[] args)
    {
        var model = args[0];
        var (batch, steps, threads) = (int.Parse(args[1]), int.Parse(args[2]), int.Parse(args[3]));
        var size = args.Length > 4 ? int.Parse(args[4]) : 224;
        TorchRuntime.EnsureInitialized();
        TorchRuntime.SetThreads(threads);
        manual_seed(1);
        var network = ModelFactory.Create(new ModelSpec(model, 16, 10, 3, size));
        var groups = FineTuning.Groups(network);
        using var trainer = new ModelTrainer(network, LossFactory.Create(new LossOptions { Name = "ce", Classes = 10 }),
            OptimizerFactory.Create(new OptimizerOptions("adamw", 1e-3, WeightDecay: 1e-4), groups), CPU,
            groups.Select(g => g.RateScale).ToList());
        using var inputs = randn(batch, 3, size, size);
        using var labels = randint(0, 10, [batch], dtype: ScalarType.Int64);
        Console.WriteLine($"torchsharp {model} batch {batch} size {size} threads {threads} steps {steps}");
        foreach (var frozen in new[] { true, false })
        {
            trainer.BackboneFrozen = frozen;
            trainer.Step(inputs, labels, 0, 1e-3);
            var clock = Stopwatch.StartNew();
            for (var s = 0; s < steps; s++) trainer.Step(inputs, labels, 0, 1e-3);
            var rate = batch * steps / clock.Elapsed.TotalSeconds;
            Console.WriteLine($"{(frozen ? "frozen" : "unfrozen"),-8} {rate,8:F2} images/s  peak RSS {PeakRssMiB()} MiB");
        }
        return 0;
    }

    private static long PeakRssMiB() =>
        long.Parse(File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024;
}
