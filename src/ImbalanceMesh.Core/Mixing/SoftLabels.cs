namespace ImbalanceMesh.Core.Mixing;

/// <summary>Soft-label rows: λ_y·onehot(own) + (1−λ_y)·onehot(partner) (λ_y = the decision's label λ), then label smoothing (1−ε)·y + ε/K. Rows sum to 1.</summary>
public static class SoftLabels
{
    public static float[] Build(ReadOnlySpan<int> labels, ReadOnlySpan<MixDecision> decisions, int classCount, double smoothing)
    {
        if (labels.Length != decisions.Length) throw new ArgumentException("one decision per label is needed");
        if (smoothing is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(smoothing), "label smoothing must be in [0, 1)");
        var rows = new float[labels.Length * classCount];
        for (var i = 0; i < labels.Length; i++)
        {
            var row = new double[classCount];
            var d = decisions[i];
            row[labels[i]] += d.LabelLambda;
            row[labels[d.Partner]] += 1 - d.LabelLambda;
            for (var c = 0; c < classCount; c++) rows[i * classCount + c] = (float)(row[c] * (1 - smoothing) + smoothing / classCount);
        }
        return rows;
    }
}
