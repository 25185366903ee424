using System.Globalization;

namespace ImbalanceMesh.Core.Statistics;

/// <summary>
/// Turns class counts into a training recommendation. The rules (documented in docs/INGESTION.md):
/// severity from the imbalance ratio r = max/min — none r &lt; 1.5, mild &lt; 3, moderate &lt; 10, severe &lt; 100,
/// extreme ≥ 100 — picks loss, sampling, augmentation and mixup; then the size of the smallest class, the number of
/// classes and the size of every class adjust it. The rules favour what works at modest training budgets: LDAM-DRW and
/// mixup need long schedules to pay off (on the 20-epoch demo sweep they ranked last).
/// </summary>
public static class ImbalanceDoctor
{
    public const long TinyClass = 20;
    public const long SmallClass = 100;
    public const long PlentifulClass = 1000;

    public static ImbalanceRecommendation Diagnose(ClassDistribution distribution)
    {
        var reasons = new List<string>();
        if (distribution.Present.Count == 0)
            return new("ce", "none", "light", 0, WeightRule.Balanced, "none", ["There are no samples to diagnose."]);
        if (distribution.Present.Count == 1)
            return new("ce", "none", "light", 0, WeightRule.Balanced, "none",
                ["Only one class has samples: there is no balance to correct (a classifier needs at least two classes)."]);

        var r = distribution.ImbalanceRatio;
        var min = distribution.MinCount;
        var k = distribution.Present.Count;
        var minority = string.Join(", ", distribution.MinorityClasses);
        var majority = string.Join(", ", distribution.MajorityClasses);
        var ratioText = r.ToString("0.#", CultureInfo.InvariantCulture);
        reasons.Add($"The largest class ({majority}, {distribution.MaxCount}) has {ratioText}× the samples of the smallest ({minority}, {min}).");

        string severity, loss, sampling, augmentation;
        double mixup;
        WeightRule weightRule;
        if (r < 1.5)
        {
            (severity, loss, sampling, augmentation, mixup, weightRule) = ("none", "ce", "none", "light", 0, WeightRule.Balanced);
            reasons.Add("Below 1.5:1 the classes are close to balanced: plain cross-entropy on the natural distribution.");
        }
        else if (r < 3)
        {
            (severity, loss, sampling, augmentation, mixup, weightRule) = ("mild", "weighted-ce", "none", "light", 0, WeightRule.Balanced);
            reasons.Add("A mild imbalance (below 3:1) is corrected by weighting the cross-entropy with balanced weights n/(k·n_c); the batches stay natural.");
        }
        else if (r < 10)
        {
            (severity, loss, sampling, augmentation, mixup, weightRule) = ("moderate", "class-balanced", "none", "medium", 0.2, WeightRule.EffectiveNumber);
            reasons.Add("A moderate imbalance (3:1 to 10:1): the class-balanced loss weights by the effective number of samples, which does not over-trust rare classes the way 1/n_c does.");
            reasons.Add("Mixup α = 0.2 and medium augmentation regularise the rarer classes.");
        }
        else if (r < 100 && min < SmallClass)
        {
            (severity, loss, sampling, augmentation, mixup, weightRule) = ("severe", "ce", "oversample", "light", 0, WeightRule.EffectiveNumber);
            reasons.Add($"A severe imbalance (10:1 to 100:1) and fewer than {SmallClass} images in the smallest class: a loss-side correction has too few rare examples to shape the decision boundary, while oversampling them as freshly augmented copies up to the majority count is the most reliable fix for CNNs (Buda et al. 2018).");
            reasons.Add($"Light augmentation while the smallest class has {TinyClass} or more images: on the demo set (24 in the smallest class, 15 epochs, 8 seeds; docs/BENCHMARKS.md) oversampling with light augmentation scored 4.7 points above medium and 3.6 above Remix on the oversampled batches; on long-tailed digits with 40 it was within 1 point of medium.");
        }
        else if (r < 100)
        {
            (severity, loss, sampling, augmentation, mixup, weightRule) = ("severe", "logit-adjusted", "none", "medium", 0, WeightRule.EffectiveNumber);
            reasons.Add("A severe imbalance (10:1 to 100:1): logit-adjusted cross-entropy (τ = 1, Menon et al. 2021) corrects every class by its prior at once, needs no schedule and works at any training budget.");
        }
        else
        {
            (severity, loss, sampling, augmentation, mixup, weightRule) = ("extreme", "ce", "balanced", "strong", 0.4, WeightRule.EffectiveNumber);
            reasons.Add("An extreme imbalance (100:1 or more): with natural batches the rarest class is absent from almost every batch, so every batch is built with the same number of images per class.");
            reasons.Add("Balanced batches repeat rare images often: strong augmentation and mixup α = 0.4 make every repeat different.");
        }

        if (severity is "severe" or "extreme" && k == 2 && sampling != "oversample")
        {
            (loss, sampling) = ("focal", "none");
            reasons.Add("With two classes and a large ratio the easy majority examples dominate the loss: focal loss (γ = 2) down-weights them without repeating the rare class.");
        }

        if (severity is "moderate" or "severe" or "extreme" && min >= PlentifulClass)
        {
            (loss, sampling, mixup) = ("ce", "undersample", severity == "moderate" ? 0 : 0.2);
            reasons.Add($"Every class has at least {PlentifulClass} images: undersampling the larger classes loses little and trains faster than re-weighting.");
        }

        if (min < TinyClass)
        {
            var raisesOversampledCopies = sampling == "oversample" && augmentation == "light";
            if (augmentation == "light") augmentation = "medium";
            reasons.Add($"The smallest class has only {min} images: augment every copy of it ({augmentation} augmentation), and collect more images of {minority} if you can — no loss can invent what was never seen.");
            if (raisesOversampledCopies)
                reasons.Add("Each of so few images is repeated dozens of times an epoch, so the copies need more variety: on long-tailed digits (IF = 50, smallest class 7, 15 epochs, 3 seeds; docs/BENCHMARKS.md) oversampling with medium augmentation, run as the composition oversample+aug=medium, scored 1.7 points above light and above strong augmentation.");
        }

        if (severity == "mild" && min < SmallClass)
        {
            sampling = "weighted";
            loss = "ce";
            reasons.Add("Because the rare class is also small, sampling in proportion to 1/n_c shows it more often than a weighted loss alone would; the loss stays plain cross-entropy so the correction is not applied twice.");
        }

        return new(loss, sampling, augmentation, mixup, weightRule, severity, reasons);
    }
}
