namespace ImbalanceMesh.Evaluation.Scoring;

/// <summary>The model's class probabilities for every sample of a split, with the true classes in model order.</summary>
public sealed record ScoredSplit(int[] Truth, float[] Probabilities, double ImagesPerSecond);
