using BenchmarkDotNet.Running;
using ImbalanceMesh.Benchmarks.Training;

if (args is ["backbone", .. var rest]) return BackboneStepTiming.Run(rest);
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
