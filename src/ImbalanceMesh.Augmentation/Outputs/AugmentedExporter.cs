using ImbalanceMesh.Augmentation.Configuration;
using ImbalanceMesh.Augmentation.Plans;
using ImbalanceMesh.Augmentation.Production;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Core.Randomness;
using ImbalanceMesh.Imaging.Augmentation;
using ImbalanceMesh.Imaging.Decoding;
using Microsoft.Extensions.Options;

namespace ImbalanceMesh.Augmentation.Outputs;

/// <summary>
/// "Make the dataset balanced on disk": writes N augmented images of one class as PNGs (temp file + rename), cycling
/// through the class's source images; image i uses SeedDerivation(seed, "export", class, i).
/// </summary>
public sealed class AugmentedExporter(PlanRuntimes runtimes, IOptions<AugmentationOptions> options)
{
    public const int MaxCount = 100_000;

    public async Task<ExportAugmentedResponse> ExportAsync(ExportAugmentedRequest request, CancellationToken cancellationToken)
    {
        var (runtime, _) = await runtimes.GetAsync(request.PlanId, cancellationToken);
        var classIndex = runtime.Sources.Classes.ToList().IndexOf(request.ClassName);
        if (classIndex < 0)
            throw PlanErrors.Invalid($"unknown class '{request.ClassName}'; the plan's classes are: {string.Join(", ", runtime.Sources.Classes)}.");
        if (request.Count is < 1 or > MaxCount) throw PlanErrors.Invalid($"count must be 1..{MaxCount}, got {request.Count}.");
        var folder = AllowedFolder(request.OutputPath);
        var members = Enumerable.Range(0, runtime.Sources.Count).Where(i => runtime.Sources.Labels[i] == classIndex).ToArray();
        if (members.Length == 0) throw PlanErrors.Precondition($"class '{request.ClassName}' has no samples in the plan's split.");

        Directory.CreateDirectory(folder);
        var size = runtime.Shape.Height;
        var channels = runtime.Shape.Channels;
        using var augmenter = new ImageAugmenter(runtime.Augmentation ?? AugmentationSettings.LightCopies, size, channels);
        var planes = new byte[channels * size * size];
        var response = new ExportAugmentedResponse { OutputPath = folder };
        for (var i = 0; i < request.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var source = members[i % members.Length];
            var draw = AugmentationDraw.Sample(augmenter.Settings, SeedDerivation.CreateRandom(runtime.Seed, "export", classIndex, i));
            augmenter.Augment(runtime.Sources.Images[source], draw, planes);
            var png = PngWriter.Encode(size, size, channels, ToInterleaved(planes, channels, size * size));
            var path = Path.Combine(folder, $"{SafeName(request.ClassName)}_aug_{i:D6}_from_{runtime.Sources.Ids[source]}.png");
            var temp = path + ".tmp";
            await File.WriteAllBytesAsync(temp, png, cancellationToken);
            File.Move(temp, path, overwrite: true);
            response.Files.Add(path);
        }
        response.Written = request.Count;
        return response;
    }

    private string AllowedFolder(string requested)
    {
        if (string.IsNullOrWhiteSpace(requested)) throw PlanErrors.Invalid("output_path is required.");
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(requested));
        var roots = options.Value.FullAllowedRoots;
        if (!roots.Any(r => full == r || full.StartsWith(r + Path.DirectorySeparatorChar, StringComparison.Ordinal)))
            throw PlanErrors.Denied($"'{full}' is outside the folders this service may write to ({string.Join(", ", roots)}); " +
                                    "set Augmentation:AllowedRoots to allow it.");
        return full;
    }

    internal static byte[] ToInterleaved(ReadOnlySpan<byte> planes, int channels, int plane)
    {
        var hwc = new byte[planes.Length];
        for (var p = 0; p < plane; p++)
        for (var c = 0; c < channels; c++)
            hwc[p * channels + c] = planes[c * plane + p];
        return hwc;
    }

    private static string SafeName(string name) => string.Concat(name.Select(ch => char.IsLetterOrDigit(ch) || ch is '-' or '_' ? ch : '_'));
}
