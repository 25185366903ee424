using ImbalanceMesh.ServiceDefaults.Errors;

namespace ImbalanceMesh.Evaluation.Scoring;

/// <summary>
/// Maps a dataset's class indices onto the model's by name. The dataset may be another one than the model was trained
/// on, but it must name exactly the model's classes.
/// </summary>
public static class ClassAlignment
{
    public static int[] DatasetToModel(IReadOnlyList<string> datasetClasses, IReadOnlyList<string> modelClasses, string dataset)
    {
        var modelIndex = modelClasses.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => p.i, StringComparer.Ordinal);
        var missing = modelClasses.Except(datasetClasses, StringComparer.Ordinal).ToList();
        var extra = datasetClasses.Except(modelClasses, StringComparer.Ordinal).ToList();
        if (missing.Count > 0 || extra.Count > 0)
        {
            var parts = new List<string>();
            if (extra.Count > 0) parts.Add($"the model does not know {string.Join(", ", extra)}");
            if (missing.Count > 0) parts.Add($"the dataset lacks {string.Join(", ", missing)}");
            throw MeshException.Precondition($"class names differ: the model has {modelClasses.Count} classes [{string.Join(", ", modelClasses)}], " +
                $"{dataset} has {datasetClasses.Count} [{string.Join(", ", datasetClasses)}]; {string.Join("; ", parts)}");
        }
        return datasetClasses.Select(name => modelIndex[name]).ToArray();
    }
}
