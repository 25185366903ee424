namespace ImbalanceMesh.Core.Mixing;

/// <summary>Decides, for every sample of a batch, whether and how it is mixed and with which batch partner.</summary>
public static class MixPlanner
{
    public static MixDecision[] Plan(MixOptions options, int batchSize, int height, int width, Random rng)
    {
        var decisions = new MixDecision[batchSize];
        for (var i = 0; i < batchSize; i++) decisions[i] = MixDecision.Unmixed(i);
        if (!options.MixesAnything || batchSize < 2) return decisions;

        // Partners follow a shuffled cycle, so no sample is its own partner, odd batch sizes included.
        var order = Enumerable.Range(0, batchSize).ToArray();
        for (var i = batchSize - 1; i > 0; i--)
        {
            var j = rng.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        for (var p = 0; p < batchSize; p++)
        {
            var self = order[p];
            var partner = order[(p + 1) % batchSize];
            var mix = rng.NextDouble() < options.Probability;
            var useCutMix = options.CutMixAlpha > 0 && (options.MixupAlpha <= 0 || rng.NextDouble() < options.SwitchProbability);
            var alpha = useCutMix ? options.CutMixAlpha : options.MixupAlpha;
            var lambda = BetaDistribution.Sample(rng, alpha, alpha);
            if (!mix) continue;
            if (useCutMix)
            {
                var (box, corrected) = CutBox.FromLambda(lambda, height, width, rng);
                decisions[self] = new MixDecision(MixKind.CutMix, partner, corrected, box);
            }
            else
            {
                decisions[self] = new MixDecision(MixKind.Mixup, partner, lambda, default);
            }
        }
        return decisions;
    }
}
