namespace ImbalanceMesh.Core.Strategies;

/// <summary>The parts a strategy composition is written with, by axis, and what each one does.</summary>
public static class StrategyParts
{
    public const double DefaultMixupAlpha = 0.2;
    public const double DefaultCutMixAlpha = 1.0;

    public static readonly IReadOnlyDictionary<string, string> Samplings = new Dictionary<string, string>
    {
        ["oversample"] = "rare classes repeated as augmented copies up to the majority count",
        ["balanced"] = "every batch holds the same number of images of each class",
        ["undersample"] = "common classes cut to the rarest class's count, a fresh subset every epoch",
        ["weighted"] = "samples drawn with probability proportional to balanced class weights",
    };

    public static readonly IReadOnlyDictionary<string, string> Losses = new Dictionary<string, string>
    {
        ["ce"] = "plain cross-entropy",
        ["weighted-ce"] = "cross-entropy weighted by balanced class weights n/(k·n_c)",
        ["focal"] = "focal loss, γ = 2",
        ["class-balanced"] = "class-balanced loss by effective number, β = 0.999",
        ["logit-adjusted"] = "logit-adjusted cross-entropy, τ = 1",
        ["balanced-softmax"] = "balanced softmax (logit adjustment with τ = 1)",
        ["ldam-drw"] = "LDAM margins with deferred re-weighting",
    };

    public static readonly IReadOnlyDictionary<string, string> Mixings = new Dictionary<string, string>
    {
        ["mixup"] = "mixup with λ ~ Beta(α, α), α = 0.2 unless given (mixup=α), and soft labels",
        ["cutmix"] = "CutMix with λ ~ Beta(α, α), α = 1 unless given (cutmix=α)",
        ["remix"] = "Remix labels: a mixed label goes to the minority partner when the counts differ by κ = 3 or more (mixup α = 0.2 unless mixup/cutmix is given)",
    };

    /// <summary>The values of the <c>aug=LEVEL</c> part: the strength of the strategy's augmentation (Contracts' AugmentationPresets).</summary>
    public static readonly IReadOnlyDictionary<string, string> Augmentations = new Dictionary<string, string>
    {
        ["none"] = "no augmentation",
        ["light"] = "light augmentation (rotation ±10°, shifts 8 %, zoom 10 %, brightness 10 %)",
        ["medium"] = "medium augmentation (rotation ±15°, shifts 10 %, shear 5°, zoom 15 %, brightness and contrast 20 %)",
        ["strong"] = "strong augmentation (rotation ±25°, shifts 15 %, shear 10°, zoom 25 %, brightness and contrast 30 %, crops of 85 %)",
    };

    public static readonly IReadOnlyDictionary<string, string> Schedules = new Dictionary<string, string>
    {
        ["drw"] = "deferred re-weighting: effective-number class weights from epoch E on (drw=E, default 0.8 × epochs)",
        ["mix-off"] = "no mixing in the last N epochs (mix-off=N, default a fifth of the epochs, at least 1)",
    };

    /// <summary>Decoupling (Kang et al. 2020): at most one second stage after the job's epochs.</summary>
    public static readonly IReadOnlyDictionary<string, string> Stages = new Dictionary<string, string>
    {
        ["crt"] = "classifier re-training: the last layer re-initialised and trained alone on class-balanced batches over the frozen features for K extra epochs (crt=K, default a fifth of the epochs)",
        ["tau-norm"] = "τ-normalised classifier weights w_j / ‖w_j‖^τ (tau-norm=τ, default τ chosen on the validation split)",
    };

    public static string Known =>
        $"sampling: {string.Join(", ", Samplings.Keys)}; loss: {string.Join(", ", Losses.Keys)}; " +
        $"mixing: {string.Join(", ", Mixings.Keys)}; augmentation: aug={string.Join("|", Augmentations.Keys)}; schedule: {string.Join(", ", Schedules.Keys)}; second stage: {string.Join(", ", Stages.Keys)}";
}
