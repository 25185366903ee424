using TorchSharp.Modules;

namespace ImbalanceMesh.Modeling.Optimization;

/// <summary>Parameters trained at RateScale × the schedule's learning rate (discriminative fine-tuning).</summary>
public sealed record ParameterGroup(IReadOnlyList<Parameter> Parameters, double RateScale);
