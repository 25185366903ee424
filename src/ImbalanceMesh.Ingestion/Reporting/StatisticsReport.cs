using ImbalanceMesh.Core.Splitting;
using ImbalanceMesh.Core.Statistics;
using ImbalanceMesh.Ingestion.Importing;
using ImbalanceMesh.Ingestion.Storage;
using ImbalanceMesh.ServiceDefaults.Errors;
using Proto = ImbalanceMesh.Contracts.V1;

namespace ImbalanceMesh.Ingestion.Reporting;

/// <summary>Builds GetStatistics' answer from a version's per-class, per-split counts with the Core computations.</summary>
public static class StatisticsReport
{
    private static readonly WeightRule[] StandardRules =
        [WeightRule.Balanced, WeightRule.Inverse, WeightRule.InverseSqrt, WeightRule.EffectiveNumber];

    public static Proto.DatasetStatistics Build(VersionRecord version,
        IReadOnlyList<(string ClassName, SplitName Split, long Count)> counts, Proto.StatisticsRequest request)
    {
        var split = request.Split == Proto.Split.Unspecified ? SplitName.Train : (SplitName)request.Split;
        var beta = request.Beta == 0 ? ClassWeights.DefaultBeta : request.Beta;
        if (beta is not (> 0 and < 1)) throw MeshException.Invalid($"β must lie strictly between 0 and 1; got {request.Beta}.");

        var distribution = Distribution(version, counts, split);
        if (distribution.Total == 0)
            throw MeshException.Precondition(
                $"The {split.ToString().ToLowerInvariant()} split of {version.Dataset} v{version.Number} has no samples; ask for another split (e.g. test).");

        var response = new Proto.DatasetStatistics
        {
            Dataset = new Proto.DatasetRef { Dataset = version.Dataset, Version = version.Number },
            Split = (Proto.Split)split,
            Total = distribution.Total,
            ImbalanceRatio = distribution.ImbalanceRatio,
            Recommendation = Recommendation(ImbalanceDoctor.Diagnose(distribution)),
            Resize = version.Resize,
        };
        response.Classes.AddRange(Counts(version, distribution));
        response.MinorityClasses.AddRange(distribution.MinorityClasses);
        response.MajorityClasses.AddRange(distribution.MajorityClasses);
        var rules = request.CustomWeights.Count > 0 ? [.. StandardRules, WeightRule.Custom] : StandardRules;
        response.Weights.AddRange(rules.Select(rule => Weights(distribution, rule, request, beta)));
        foreach (var s in Enum.GetValues<SplitName>())
        {
            var d = Distribution(version, counts, s);
            var splitCounts = new Proto.SplitCounts { Split = (Proto.Split)s, Total = d.Total };
            splitCounts.Classes.AddRange(Counts(version, d));
            response.Splits.Add(splitCounts);
        }
        return response;
    }

    public static Proto.WeightRule ToProto(WeightRule rule) => rule switch
    {
        WeightRule.Balanced => Proto.WeightRule.Balanced,
        WeightRule.Inverse => Proto.WeightRule.Inverse,
        WeightRule.InverseSqrt => Proto.WeightRule.InverseSqrt,
        WeightRule.EffectiveNumber => Proto.WeightRule.EffectiveNumber,
        WeightRule.Custom => Proto.WeightRule.Custom,
        _ => throw new ArgumentOutOfRangeException(nameof(rule), rule, null),
    };

    private static ClassDistribution Distribution(VersionRecord version,
        IReadOnlyList<(string ClassName, SplitName Split, long Count)> counts, SplitName split) =>
        new(version.Classes.Select(c => new ClassCount(c, counts.Where(x => x.ClassName == c && x.Split == split).Sum(x => x.Count))));

    private static IEnumerable<Proto.ClassCount> Counts(VersionRecord version, ClassDistribution d) =>
        d.Classes.Select(c => new Proto.ClassCount
        {
            Name = c.Name,
            Index = version.Classes.ToList().IndexOf(c.Name),
            Count = c.Count,
            Share = d.Share(c),
        });

    private static Proto.ClassWeights Weights(ClassDistribution distribution, WeightRule rule, Proto.StatisticsRequest request,
        double beta)
    {
        IReadOnlyDictionary<string, double> weights;
        try
        {
            weights = ClassWeights.Compute(distribution, rule, request.Normalize, beta, request.CustomWeights);
        }
        catch (ArgumentException e)
        {
            throw MeshException.Invalid(e.Message);
        }
        var message = new Proto.ClassWeights { Rule = ToProto(rule) };
        message.Weights.Add(weights.ToDictionary());
        return message;
    }

    private static Proto.Recommendation Recommendation(ImbalanceRecommendation r)
    {
        var message = new Proto.Recommendation
        {
            Loss = r.Loss,
            Sampling = r.Sampling,
            Augmentation = r.Augmentation,
            MixupAlpha = r.MixupAlpha,
            WeightRule = r.WeightRule.Name(),
            Severity = r.Severity,
        };
        message.Reasons.AddRange(r.Reasons);
        return message;
    }
}
