using System.Globalization;
using ImbalanceMesh.Core.Decoupling;

namespace ImbalanceMesh.Core.Strategies;

/// <summary>
/// Parses a strategy written as parts joined by '+' (at most one sampling, one loss, any mixing, any schedule; a part
/// may take a value after '='), e.g. <c>oversample+logit-adjusted</c>, <c>balanced+mixup=0.4+mix-off=3</c>,
/// <c>ce+drw=12</c>, <c>oversample+aug=medium</c>, <c>oversample+crt=5</c>, <c>ce+tau-norm=0.7</c>. A named strategy of the catalogue is a one-part composition. ArgumentException names the problem.
/// </summary>
public static class StrategyComposition
{
    public const double RemixKappa = 3;
    public const double RemixTau = 0.5;

    public static ImbalanceStrategy Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var name = text.Trim().ToLowerInvariant();
        if (name.Length == 0) throw new ArgumentException($"A strategy is empty. Write parts joined by '+' ({StrategyParts.Known}).");
        string? sampling = null, loss = null;
        double mixup = 0, cutmix = 0;
        bool remix = false, drw = false;
        int? drwStart = null, mixOff = null, stageEpochs = null;
        string? stage = null, augmentation = null;
        double? stageTau = null;
        var seen = new HashSet<string>();
        foreach (var raw in name.Split('+'))
        {
            var (part, value) = Split(raw.Trim(), name);
            if (!seen.Add(part)) throw new ArgumentException($"Strategy '{name}' names '{part}' twice.");
            if (StrategyParts.Samplings.ContainsKey(part))
            {
                if (sampling is not null) throw new ArgumentException($"Strategy '{name}' has two samplings ({sampling}, {part}); a batch is sampled one way.");
                NoValue(part, value, name);
                sampling = part;
            }
            else if (StrategyParts.Losses.ContainsKey(part))
            {
                if (loss is not null) throw new ArgumentException($"Strategy '{name}' has two losses ({loss}, {part}); keep one.");
                NoValue(part, value, name);
                loss = part;
            }
            else switch (part)
            {
                case "mixup": mixup = Alpha(part, value, StrategyParts.DefaultMixupAlpha, name); break;
                case "cutmix": cutmix = Alpha(part, value, StrategyParts.DefaultCutMixAlpha, name); break;
                case "remix": NoValue(part, value, name); remix = true; break;
                case "drw": drw = true; drwStart = Count(part, value, 0, name); break;
                case "mix-off": mixOff = Count(part, value, 1, name) ?? 0; break;
                case "aug":
                    if (value is null || !StrategyParts.Augmentations.ContainsKey(value))
                        throw new ArgumentException($"Part 'aug' of strategy '{name}' needs a strength: aug={string.Join("|", StrategyParts.Augmentations.Keys)}.");
                    augmentation = value;
                    break;
                case DecouplingStages.Crt or DecouplingStages.TauNorm:
                    if (stage is not null) throw new ArgumentException($"Strategy '{name}' has two decoupling stages ({stage}, {part}); a job has one second stage.");
                    stage = part;
                    if (part == DecouplingStages.Crt) stageEpochs = Count(part, value, 1, name);
                    else stageTau = Tau(part, value, name);
                    if (DecouplingStages.Problem(part, stageEpochs, stageTau) is { } problem)
                        throw new ArgumentException($"Part '{raw.Trim()}' of strategy '{name}': {problem}.");
                    break;
                default:
                    throw new ArgumentException($"Unknown part '{part}' in strategy '{name}'. Parts: {StrategyParts.Known}.");
            }
        }
        loss ??= "ce";
        if (remix && mixup == 0 && cutmix == 0) mixup = StrategyParts.DefaultMixupAlpha;
        if (mixOff is not null && mixup == 0 && cutmix == 0)
            throw new ArgumentException($"Strategy '{name}' switches mixing off but mixes nothing; add mixup, cutmix or remix.");
        if (drw && loss != "ce")
            throw new ArgumentException(loss == "ldam-drw"
                ? $"Strategy '{name}': ldam-drw already re-weights late; drop 'drw'."
                : $"Strategy '{name}': drw re-weights plain cross-entropy, not {loss}; use ce+drw.");
        var summary = Summary(sampling, loss, mixup, cutmix, remix, drw, mixOff);
        if (augmentation is not null) summary += "; " + StrategyParts.Augmentations[augmentation];
        if (stage is not null) summary += "; then " + StrategyParts.Stages[stage];
        return new ImbalanceStrategy(name, sampling ?? "none", loss, mixup, summary)
        {
            CutMixAlpha = cutmix,
            Remix = remix,
            DeferredReweighting = drw,
            DrwStartEpoch = drwStart,
            MixOffLastEpochs = mixOff,
            Augmentation = augmentation,
            Decoupling = stage,
            DecouplingEpochs = stageEpochs,
            DecouplingTau = stageTau,
        };
    }

    /// <summary>The composition text of a strategy's settings (sampling, loss, mixing, schedule), which Parse reads back.</summary>
    public static string Format(ImbalanceStrategy s)
    {
        var parts = new List<string>();
        if (s.Sampling != "none") parts.Add(s.Sampling);
        parts.Add(s.Loss);
        if (s.MixupAlpha > 0) parts.Add(FormattableString.Invariant($"mixup={s.MixupAlpha}"));
        if (s.CutMixAlpha > 0) parts.Add(FormattableString.Invariant($"cutmix={s.CutMixAlpha}"));
        if (s.Remix) parts.Add("remix");
        if (s.DeferredReweighting) parts.Add(s.DrwStartEpoch is { } start ? $"drw={start}" : "drw");
        if (s.MixOffLastEpochs is { } off) parts.Add(off > 0 ? $"mix-off={off}" : "mix-off");
        if (s.Augmentation is { } augmentation) parts.Add($"aug={augmentation}");
        if (s.Decoupling is { } stage) parts.Add(DecouplingStages.Part(stage, s.DecouplingEpochs, s.DecouplingTau));
        return string.Join('+', parts);
    }

    /// <summary>The bare mix-off part: a fifth of the epochs, at least one.</summary>
    public static int DefaultMixOffEpochs(int epochs) => Math.Max(1, epochs / 5);

    /// <summary>Checks what depends on the job's budget; null when the strategy fits <paramref name="epochs"/>.</summary>
    public static string? Problem(ImbalanceStrategy strategy, int epochs)
    {
        if (strategy.DrwStartEpoch is { } start && start >= epochs)
            return $"strategy '{strategy.Name}' starts re-weighting at epoch {start} (0-based) but the job has {epochs} epochs; use drw=E with E < {epochs}";
        if (strategy.MixOffLastEpochs is > 0 and var off && off >= epochs)
            return $"strategy '{strategy.Name}' switches mixing off for the last {off} epochs of {epochs}, so it never mixes; use mix-off=N with N < {epochs}";
        return null;
    }

    private static (string Part, string? Value) Split(string raw, string name)
    {
        if (raw.Length == 0) throw new ArgumentException($"Strategy '{name}' has an empty part (two '+' in a row, or one at an end).");
        var at = raw.IndexOf('=');
        return at < 0 ? (raw, null) : (raw[..at].Trim(), raw[(at + 1)..].Trim());
    }

    private static void NoValue(string part, string? value, string name)
    {
        if (value is not null) throw new ArgumentException($"Part '{part}' of strategy '{name}' takes no value (got '={value}').");
    }

    private static double Alpha(string part, string? value, double fallback, string name)
    {
        if (value is null) return fallback;
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var alpha) && alpha > 0 && double.IsFinite(alpha))
            return alpha;
        throw new ArgumentException($"Part '{part}={value}' of strategy '{name}': α must be a number > 0 (Beta(α, α)).");
    }

    private static double? Tau(string part, string? value, string name)
    {
        if (value is null) return null;
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var tau) && double.IsFinite(tau)) return tau;
        throw new ArgumentException($"Part '{part}={value}' of strategy '{name}': τ must be a number (0..{DecouplingStages.MaxTau}).");
    }

    private static int? Count(string part, string? value, int min, string name)
    {
        if (value is null) return null;
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min) return n;
        throw new ArgumentException($"Part '{part}={value}' of strategy '{name}' needs a whole number ≥ {min} of epochs.");
    }

    private static string Summary(string? sampling, string loss, double mixup, double cutmix, bool remix, bool drw, int? mixOff)
    {
        var parts = new List<string>();
        parts.Add(sampling is null ? "natural batches" : StrategyParts.Samplings[sampling]);
        parts.Add(StrategyParts.Losses[loss]);
        if (mixup > 0) parts.Add(FormattableString.Invariant($"mixup α = {mixup}"));
        if (cutmix > 0) parts.Add(FormattableString.Invariant($"CutMix α = {cutmix}"));
        if (remix) parts.Add($"Remix labels (κ = {RemixKappa}, τ = {RemixTau})");
        if (drw) parts.Add("deferred re-weighting");
        if (mixOff is { } off) parts.Add(off == 0 ? "no mixing in the last fifth of the epochs" : $"no mixing in the last {off} epochs");
        return string.Join("; ", parts);
    }
}
