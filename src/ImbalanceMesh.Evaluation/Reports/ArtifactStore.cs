using System.Text.RegularExpressions;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Evaluation.Configuration;
using ImbalanceMesh.ServiceDefaults.Errors;
using ImbalanceMesh.Storage;
using Microsoft.Extensions.Options;

namespace ImbalanceMesh.Evaluation.Reports;

/// <summary>
/// Reports (rep-…) and comparisons (cmp-…), one folder each under the data root. A folder is written complete in a
/// temp folder and renamed into place, so a reader never sees half an artifact set.
/// </summary>
public sealed partial class ArtifactStore
{
    public const string ReportPrefix = "rep-";
    public const string ComparisonPrefix = "cmp-";
    private const string DataFile = "data.pb";
    private readonly string _root;

    public ArtifactStore(IOptions<EvaluationOptions> options)
    {
        _root = options.Value.FullDataRoot;
        var temp = Path.Combine(_root, "tmp");
        if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
    }

    public static string NewId(string prefix) => prefix + Guid.NewGuid().ToString("N")[..16];

    /// <summary>Stores data.pb plus the named files; returns the folder.</summary>
    public string Save(string id, Google.Protobuf.IMessage data, IReadOnlyDictionary<string, byte[]> files)
    {
        var final = Folder(id);
        var temp = Path.Combine(_root, "tmp", $"{id}.{Guid.NewGuid():N}");
        Directory.CreateDirectory(temp);
        try
        {
            foreach (var (name, bytes) in files.Append(new(DataFile, Google.Protobuf.MessageExtensions.ToByteArray(data))))
                AtomicFile.Write(Path.Combine(temp, name), bytes);
            Directory.CreateDirectory(Path.GetDirectoryName(final)!);
            Directory.Move(temp, final);
            return final;
        }
        finally
        {
            if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
        }
    }

    /// <summary>Every stored report and comparison, newest first.</summary>
    public IReadOnlyList<StoredArtifact> ListIds() =>
    [
        .. new[] { "reports", "comparisons" }.Select(kind => new DirectoryInfo(Path.Combine(_root, kind)))
            .Where(d => d.Exists)
            .SelectMany(d => d.EnumerateDirectories())
            .Where(d => IdPattern().IsMatch(d.Name))
            .Select(d => new StoredArtifact(d.Name, d.LastWriteTimeUtc))
            .OrderByDescending(a => a.WrittenAt),
    ];

    public sealed record StoredArtifact(string Id, DateTime WrittenAt);

    public Report LoadReport(string id)
    {
        Validate(id, ReportPrefix, "report_id");
        return Report.Parser.ParseFrom(File.ReadAllBytes(Existing(id, DataFile)));
    }

    /// <summary>The file of a report or comparison: "json" or "html".</summary>
    public string ArtifactPath(string id, string extension)
    {
        Validate(id, id.StartsWith(ComparisonPrefix, StringComparison.Ordinal) ? ComparisonPrefix : ReportPrefix, "report_id");
        var baseName = id.StartsWith(ComparisonPrefix, StringComparison.Ordinal) ? "comparison" : "report";
        return Existing(id, $"{baseName}.{extension}");
    }

    private string Existing(string id, string file)
    {
        var path = Path.Combine(Folder(id), file);
        if (!File.Exists(path))
            throw MeshException.NotFound($"no {(id.StartsWith(ComparisonPrefix, StringComparison.Ordinal) ? "comparison" : "report")} '{id}' in {_root}");
        return path;
    }

    private string Folder(string id) =>
        Path.Combine(_root, id.StartsWith(ComparisonPrefix, StringComparison.Ordinal) ? "comparisons" : "reports", id);

    private static void Validate(string id, string prefix, string field)
    {
        if (string.IsNullOrWhiteSpace(id))
            throw MeshException.Invalid($"{field} is empty");
        if (!IdPattern().IsMatch(id) || !id.StartsWith(prefix, StringComparison.Ordinal))
            throw MeshException.Invalid($"'{id}' is not a {(prefix == ReportPrefix ? "report id (rep-…)" : "comparison id (cmp-…)")}");
    }

    [GeneratedRegex("^(rep|cmp)-[0-9a-f]{16}$")]
    private static partial Regex IdPattern();
}
