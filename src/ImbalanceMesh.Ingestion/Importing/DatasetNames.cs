using System.Text.RegularExpressions;
using ImbalanceMesh.ServiceDefaults.Errors;

namespace ImbalanceMesh.Ingestion.Importing;

public static partial class DatasetNames
{
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex Valid();

    public static string Check(string? name) =>
        name is not null && Valid().IsMatch(name)
            ? name
            : throw MeshException.Invalid(
                $"Dataset name '{name}' is not valid: use 1–64 letters, digits, '.', '_' or '-', starting with a letter or digit.");
}
