namespace ImbalanceMesh.Core.Strategies;

/// <summary>
/// One way of training on imbalanced data, as a sweep compares them: how batches are sampled, which loss is used,
/// whether samples are mixed. Every strategy gets the same model, budget, seed and light augmentation.
/// </summary>
/// <param name="Sampling">none | weighted | oversample | undersample | balanced</param>
/// <param name="Loss">ce | weighted-ce | focal | class-balanced | logit-adjusted | ldam-drw</param>
/// <param name="MixupAlpha">0 = no mixup</param>
public sealed record ImbalanceStrategy(string Name, string Sampling, string Loss, double MixupAlpha, string Summary);
