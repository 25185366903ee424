namespace ImbalanceMesh.Core.Adjustment;

/// <summary>
/// Post-hoc logit adjustment (Menon et al. 2021): a model trained on a skewed prior π scores s_k = log p_k − τ·log π_k
/// at prediction, which removes (τ = 1) the prior it learned. Works on softmax probabilities (log p differs from the
/// logits by a per-row constant) and returns probabilities again, so every metric of a report applies unchanged.
/// </summary>
public static class LogitAdjustment
{
    /// <summary>τ is a finite number ≥ 0 (0 = no adjustment, 1 = the whole correction).</summary>
    public static bool IsValidTau(double tau) => tau >= 0 && double.IsFinite(tau);

    /// <summary>log π_c from training counts; every class needs at least one sample.</summary>
    public static double[] LogPrior(IReadOnlyList<long> classCounts)
    {
        if (classCounts.Count < 2) throw new ArgumentException("a prior needs at least two classes", nameof(classCounts));
        if (classCounts.Any(c => c <= 0))
            throw new ArgumentException("every class needs at least one training sample to have a prior", nameof(classCounts));
        double total = classCounts.Sum();
        return classCounts.Select(c => Math.Log(c / total)).ToArray();
    }

    /// <summary>
    /// log π_c − log q_c: the offset that moves scores learned under the training prior π to a target prior q (label
    /// shift). Passed to <see cref="Adjust"/> in place of log π it gives softmax(log p − τ·(log π − log q)), so a model
    /// trained on a 1:1 mix is scored as if trained on the target's (say 2000:1) mix. Both need every class.
    /// </summary>
    public static double[] PriorShift(IReadOnlyList<long> trainingCounts, IReadOnlyList<long> targetCounts)
    {
        if (trainingCounts.Count != targetCounts.Count)
            throw new ArgumentException($"{trainingCounts.Count} training classes but {targetCounts.Count} target classes");
        var target = LogPrior(targetCounts);
        return LogPrior(trainingCounts).Select((log, c) => log - target[c]).ToArray();
    }

    /// <summary>Rows of softmax(log p − τ·log π); a row-major [N, K] matrix in, the same shape out.</summary>
    public static float[] Adjust(ReadOnlySpan<float> probabilities, IReadOnlyList<double> logPrior, double tau)
    {
        var k = logPrior.Count;
        if (k < 2 || probabilities.Length % k != 0)
            throw new ArgumentException($"{probabilities.Length} scores do not split into rows of {k} classes");
        if (!IsValidTau(tau)) throw new ArgumentOutOfRangeException(nameof(tau), tau, "τ must be a finite number >= 0");
        var adjusted = new float[probabilities.Length];
        var row = new double[k];
        for (var start = 0; start < probabilities.Length; start += k)
        {
            var max = double.NegativeInfinity;
            for (var c = 0; c < k; c++)
            {
                // A probability of exactly 0 (float underflow) stays the least likely class, never NaN.
                row[c] = Math.Log(Math.Max(probabilities[start + c], float.Epsilon)) - tau * logPrior[c];
                max = Math.Max(max, row[c]);
            }
            var sum = 0.0;
            for (var c = 0; c < k; c++) sum += row[c] = Math.Exp(row[c] - max);
            for (var c = 0; c < k; c++) adjusted[start + c] = (float)(row[c] / sum);
        }
        return adjusted;
    }
}
