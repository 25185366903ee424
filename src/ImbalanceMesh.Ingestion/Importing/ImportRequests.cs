using ImbalanceMesh.Core.Budgets;
using ImbalanceMesh.Core.Splitting;
using ImbalanceMesh.ServiceDefaults.Errors;
using Proto = ImbalanceMesh.Contracts.V1;

namespace ImbalanceMesh.Ingestion.Importing;

public static class ImportRequests
{
    /// <summary>Validates the wire options; a missing or all-zero split means 0.8 / 0.1 / 0.1, resize 0 no resize.</summary>
    public static ImportRequest From(Proto.ImportOptions? options)
    {
        if (options is null) throw MeshException.Invalid("Import options (at least the dataset name) are required.");
        var dataset = DatasetNames.Check(options.Dataset);
        var split = options.Split is null || options.Split is { Train: 0, Val: 0, Test: 0 }
            ? SplitFractions.Default
            : new SplitFractions(options.Split.Train, options.Split.Val, options.Split.Test);
        if (split.Problem() is { } problem) throw MeshException.Invalid(problem);
        if (options.Resize != 0 && ImportRanges.Resize.Problem(options.Resize) is { } bad)
            throw MeshException.Invalid($"{bad}: the side the images are stored at (0 = keep their size).");
        return new ImportRequest(dataset, split, options.Seed, options.Resize);
    }
}
