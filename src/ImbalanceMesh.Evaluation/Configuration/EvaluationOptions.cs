namespace ImbalanceMesh.Evaluation.Configuration;

/// <summary>Settings under "Evaluation" (env vars Evaluation__DataRoot, Evaluation__BatchSize, ...).</summary>
public sealed class EvaluationOptions
{
    public const string Section = "Evaluation";

    /// <summary>Reports and comparisons. Default ./.imesh/data/evaluation (relative to the working directory).</summary>
    public string DataRoot { get; set; } = Path.Combine(".imesh", "data", "evaluation");

    /// <summary>Inference batch when the request does not say.</summary>
    public int BatchSize { get; set; } = 256;

    /// <summary>libtorch intra-op threads; 0 = one per core.</summary>
    public int Threads { get; set; }

    /// <summary>A TrueType font for plot text; empty = the first DejaVu/Liberation/any .ttf under /usr/share/fonts.</summary>
    public string FontFile { get; set; } = "";

    public string FullDataRoot => Path.GetFullPath(DataRoot);
}
