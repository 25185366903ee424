using ImbalanceMesh.Imaging.Decoding;
using ImbalanceMesh.Imaging.Demo;
using ImbalanceMesh.Imaging.Preprocessing;

namespace ImbalanceMesh.Benchmarks.Augmentation;

/// <summary>The demo dataset at 64×64, decoded once: the "decode-cached source" both sides of the comparison start from.</summary>
internal static class BenchmarkImages
{
    public const int Size = 64;
    public const int BatchSize = 64;

    public static SourceImage[] Decoded(int count)
    {
        var decoder = new ImageDecoder();
        var counts = new Dictionary<string, int> { ["circle"] = count / 2, ["square"] = count / 4, ["triangle"] = count - count / 2 - count / 4 };
        return DemoDataset.Generate(counts, Size)
            .Select(image => decoder.Decode(image.Png).Image!)
            .Select(d => SourceImage.FromHwc(d.Width, d.Height, d.Channels, ToRgb(d)))
            .ToArray();
    }

    private static byte[] ToRgb(DecodedImage d) => d.Channels == 3 ? d.Pixels : d.Pixels.SelectMany(v => new[] { v, v, v }).ToArray();
}
