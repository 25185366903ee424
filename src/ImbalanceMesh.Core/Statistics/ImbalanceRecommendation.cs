namespace ImbalanceMesh.Core.Statistics;

/// <summary>What the imbalance doctor recommends for training on a class distribution, and why.</summary>
/// <param name="Loss">ce | weighted-ce | focal | class-balanced | logit-adjusted | ldam-drw</param>
/// <param name="Sampling">none | weighted | oversample | undersample | balanced</param>
/// <param name="Augmentation">light | medium | strong</param>
/// <param name="MixupAlpha">0 = no mixup</param>
/// <param name="Severity">none | mild | moderate | severe | extreme</param>
public sealed record ImbalanceRecommendation(
    string Loss,
    string Sampling,
    string Augmentation,
    double MixupAlpha,
    WeightRule WeightRule,
    string Severity,
    IReadOnlyList<string> Reasons);
