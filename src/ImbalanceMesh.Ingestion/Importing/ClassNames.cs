namespace ImbalanceMesh.Ingestion.Importing;

/// <summary>What a class name may look like: 1–128 characters, no control characters, no path separators.</summary>
public static class ClassNames
{
    public static string? Problem(string name)
    {
        if (string.IsNullOrWhiteSpace(name)) return "a class name cannot be empty";
        if (name.Length > 128) return $"class name '{name[..20]}…' is longer than 128 characters";
        if (name.Any(char.IsControl) || name.Contains('/') || name.Contains('\\'))
            return $"class name '{name}' contains a control character or a path separator";
        return null;
    }

    /// <summary>"0".."k-1", zero-padded to one width so ordinal order (the class index order) is numeric order.</summary>
    public static IReadOnlyList<string> Numbered(int count)
    {
        var width = Math.Max(1, (count - 1).ToString(System.Globalization.CultureInfo.InvariantCulture).Length);
        return Enumerable.Range(0, count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(width, '0')).ToList();
    }
}
