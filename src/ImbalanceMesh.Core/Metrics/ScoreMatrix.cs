namespace ImbalanceMesh.Core.Metrics;

/// <summary>Per-sample class scores (usually softmax probabilities), row-major [samples, classes].</summary>
public sealed class ScoreMatrix
{
    private readonly float[] _values;

    public ScoreMatrix(float[] values, int classes)
    {
        if (classes < 1) throw new ArgumentOutOfRangeException(nameof(classes), classes, "Scores need at least one class.");
        if (values.Length % classes != 0)
            throw new ArgumentException($"{values.Length} scores do not split into rows of {classes} classes.", nameof(values));
        _values = values;
        Classes = classes;
    }

    public int Classes { get; }
    public int Rows => _values.Length / Classes;
    public float this[int row, int c] => _values[row * Classes + c];
    public ReadOnlySpan<float> Row(int row) => _values.AsSpan(row * Classes, Classes);

    /// <summary>The scores of class c for every sample.</summary>
    public double[] Column(int c)
    {
        var column = new double[Rows];
        for (var i = 0; i < column.Length; i++) column[i] = this[i, c];
        return column;
    }

    /// <summary>The highest-scoring class; on a tie the lowest index (numpy/torch argmax).</summary>
    public int ArgMax(int row)
    {
        var scores = Row(row);
        var best = 0;
        for (var c = 1; c < scores.Length; c++)
            if (scores[c] > scores[best]) best = c;
        return best;
    }

    public int[] ArgMaxAll() => Enumerable.Range(0, Rows).Select(ArgMax).ToArray();

    /// <summary>
    /// The k best classes, best first, as sklearn top_k_accuracy_score orders them (a stable ascending sort reversed,
    /// so among equal scores the higher class index ranks first).
    /// </summary>
    public int[] TopClasses(int row, int k)
    {
        var scores = Row(row).ToArray();
        return Enumerable.Range(0, Classes)
            .OrderByDescending(c => scores[c]).ThenByDescending(c => c)
            .Take(k).ToArray();
    }
}
