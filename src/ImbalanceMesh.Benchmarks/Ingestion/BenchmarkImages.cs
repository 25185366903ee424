using ImbalanceMesh.Imaging.Demo;

namespace ImbalanceMesh.Benchmarks.Ingestion;

/// <summary>Writes distinct, real demo PNGs as a class-per-folder tree for the ingestion benchmarks.</summary>
public static class BenchmarkImages
{
    public static string WriteTree(int count, int size)
    {
        var root = Path.Combine(Path.GetTempPath(), $"imesh-bench-{count}-{size}-{Guid.NewGuid():N}");
        var counts = new Dictionary<string, int>
        {
            ["circle"] = count * 70 / 100,
            ["square"] = count * 25 / 100,
            ["triangle"] = count - count * 70 / 100 - count * 25 / 100,
        };
        DemoDataset.WriteTo(root, counts, size, seed: 7);
        return root;
    }
}
