using ImbalanceMesh.Augmentation.Configuration;
using ImbalanceMesh.Augmentation.Plans;
using ImbalanceMesh.Augmentation.Production;
using ImbalanceMesh.Augmentation.Sources;
using ImbalanceMesh.Imaging.Preprocessing;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Core.Randomness;
using ImbalanceMesh.Imaging.Augmentation;
using ImbalanceMesh.Imaging.Decoding;
using ImbalanceMesh.ServiceDefaults.Errors;
using ImbalanceMesh.Storage;
using Microsoft.Extensions.Options;

namespace ImbalanceMesh.Augmentation.Outputs;

/// <summary>
/// "Make the dataset balanced on disk": writes N augmented images of one class as PNGs (AtomicFile), cycling
/// through the class's source images; image i uses SeedDerivation(seed, "export", class, i). The output folder must
/// lie inside Augmentation:AllowedRoots in its real form (links resolved), and the files go into that real folder.
/// </summary>
public sealed class AugmentedExporter(PlanRuntimes runtimes, SampleFetcher fetcher, IOptions<AugmentationOptions> options)
{
    public const int MaxCount = 100_000;
    private readonly AllowedRoots _roots = new(options.Value.AllowedRoots);

    public async Task<ExportAugmentedResponse> ExportAsync(ExportAugmentedRequest request, CancellationToken cancellationToken)
    {
        var (runtime, _) = await runtimes.GetAsync(request.PlanId, cancellationToken);
        var classIndex = runtime.Sources.Classes.ToList().IndexOf(request.ClassName);
        if (classIndex < 0)
            throw MeshException.Invalid($"unknown class '{request.ClassName}'; the plan's classes are: {string.Join(", ", runtime.Sources.Classes)}.");
        if (request.Count is < 1 or > MaxCount) throw MeshException.Invalid($"count must be 1..{MaxCount}, got {request.Count}.");
        var folder = AllowedFolder(request.OutputPath);
        var members = Enumerable.Range(0, runtime.Sources.Count).Where(i => runtime.Sources.Labels[i] == classIndex).ToArray();
        if (members.Length == 0) throw MeshException.Precondition($"class '{request.ClassName}' has no samples in the plan's split.");

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
            var pixels = (await fetcher.GetAsync(runtime.Source, [runtime.Sources.Ids[source]], cancellationToken))[0];
            using (var image = SourceImage.FromHwc(pixels.Width, pixels.Height, pixels.Channels, pixels.Hwc.Span))
                augmenter.Augment(image, draw, planes);
            var png = PngWriter.Encode(size, size, channels, ToInterleaved(planes, channels, size * size));
            var path = Path.Combine(folder, $"{SafeName(request.ClassName)}_aug_{i:D6}_from_{runtime.Sources.Ids[source]}.png");
            await AtomicFile.WriteAsync(path, png, cancellationToken);
            response.Files.Add(path);
        }
        response.Written = request.Count;
        return response;
    }

    private string AllowedFolder(string requested)
    {
        if (string.IsNullOrWhiteSpace(requested)) throw MeshException.Invalid("output_path is required.");
        var folder = _roots.Resolve(requested);
        if (!folder.IsAllowed)
            throw MeshException.Denied($"{folder.Rejection}. This service writes only below Augmentation:AllowedRoots; set it to allow the folder.");
        return folder.RealPath;
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
