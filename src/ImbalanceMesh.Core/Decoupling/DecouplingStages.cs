using System.Globalization;

namespace ImbalanceMesh.Core.Decoupling;

/// <summary>
/// Decoupling (Kang et al. 2020) as a second stage after a job's epochs, on the features those epochs learned:
/// <c>crt</c> re-initialises the last linear layer and re-trains only it for K extra epochs on class-balanced batches
/// (everything else frozen, batch norms in eval mode); <c>tau-norm</c> rescales each class's weight vector to
/// w_j / ‖w_j‖^τ (no training; the bias is kept, so τ = 0 is the model as trained), with τ chosen on the VAL split
/// from <see cref="TauGrid"/> unless given. The documented numbers (docs/TRAINING.md, "Decoupling") live here.
/// </summary>
public static class DecouplingStages
{
    public const string Crt = "crt";
    public const string TauNorm = "tau-norm";
    public static readonly IReadOnlyList<string> Methods = [Crt, TauNorm];

    public const int MaxCrtEpochs = 100;
    public const double MaxTau = 2;

    /// <summary>0, 0.1, …, 1.5: Kang et al. found τ ≈ 0.7 on ImageNet-LT; τ = 0 leaves the classifier as trained.</summary>
    public static readonly IReadOnlyList<double> TauGrid = [.. Enumerable.Range(0, 16).Select(i => i / 10.0)];

    /// <summary>cRT's classifier epochs when none are given: a fifth of the job's epochs, at least 1.</summary>
    public static int DefaultCrtEpochs(int epochs) => Math.Max(1, epochs / 5);

    /// <summary>Null when the stage is valid; else the message naming the bad value. epochs/tau: null = unset.</summary>
    public static string? Problem(string method, int? epochs, double? tau)
    {
        switch (method)
        {
            case Crt:
                if (tau is not null) return "the crt stage takes classifier epochs, not τ (τ is for tau-norm); drop tau or use tau-norm";
                if (epochs is { } k && k is < 1 or > MaxCrtEpochs)
                    return $"crt re-trains the classifier for K epochs with K in 1..{MaxCrtEpochs}, got {k}; e.g. crt=3 (unset = a fifth of the job's epochs)";
                return null;
            case TauNorm:
                if (epochs is not null) return "the tau-norm stage trains nothing and takes no epochs; drop epochs, or use crt";
                if (tau is { } t && !(t >= 0 && t <= MaxTau))
                    return FormattableString.Invariant($"tau-norm needs 0 <= τ <= {MaxTau}, got {t}; e.g. tau-norm=0.7, or leave τ unset to choose it on the validation split");
                return null;
            default:
                return $"unknown decoupling stage '{method}'; use {Crt} (classifier re-training on balanced batches) or {TauNorm} (τ-normalised classifier weights)";
        }
    }

    /// <summary>The τ-normalisation factor of a class weight vector of norm ‖w_j‖: 1 / ‖w_j‖^τ (a zero vector stays zero).</summary>
    public static double TauScale(double norm, double tau) => norm > 0 ? Math.Pow(norm, -tau) : 1;

    /// <summary>The best-scoring candidate; on a tie the smallest τ (the least change to the model as trained).</summary>
    public static double ChooseTau(IReadOnlyList<(double Tau, double BalancedAccuracy)> scores)
    {
        if (scores.Count == 0) throw new ArgumentException("no τ was scored", nameof(scores));
        var best = scores[0];
        foreach (var s in scores.Skip(1))
            if (s.BalancedAccuracy > best.BalancedAccuracy || s.BalancedAccuracy == best.BalancedAccuracy && s.Tau < best.Tau) best = s;
        return best.Tau;
    }

    /// <summary>The strategy part that writes a stage: crt, crt=K, tau-norm, tau-norm=τ.</summary>
    public static string Part(string method, int? epochs, double? tau) => method switch
    {
        Crt => epochs is { } k ? $"{Crt}={k}" : Crt,
        _ => tau is { } t ? string.Create(CultureInfo.InvariantCulture, $"{TauNorm}={t}") : TauNorm,
    };
}
