using ImbalanceMesh.Imaging.Decoding;
using ImbalanceMesh.Imaging.Demo;

namespace ImbalanceMesh.Imaging.Tests.Demo;

public sealed class DemoDatasetTests
{
    [Fact]
    public void Default_set_is_three_classes_at_least_ten_to_one_of_real_32px_rgb_pngs()
    {
        var images = DemoDataset.Generate().ToList();
        var counts = images.GroupBy(i => i.ClassName).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(new Dictionary<string, int> { ["circle"] = 400, ["square"] = 120, ["triangle"] = 30 }, counts);
        Assert.True(counts.Values.Max() / (double)counts.Values.Min() >= 10);
        var decoder = new ImageDecoder();
        foreach (var image in images.Where((_, i) => i % 37 == 0))
        {
            var decoded = decoder.Decode(image.Png).Image!;
            Assert.Equal((32, 32, 3), (decoded.Width, decoded.Height, decoded.Channels));
            Assert.True(decoded.Pixels.Distinct().Count() > 50, "a textured, noisy image has many distinct values");
        }
        Assert.Equal(images.Count, images.Select(i => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(i.Png))).Distinct().Count());
    }

    [Fact]
    public void Same_seed_same_bytes_other_seed_other_bytes()
    {
        var counts = new Dictionary<string, int> { ["circle"] = 3, ["triangle"] = 2 };
        var a = DemoDataset.Generate(counts, seed: 1).Select(i => i.Png).ToList();
        var b = DemoDataset.Generate(counts, seed: 1).Select(i => i.Png).ToList();
        var c = DemoDataset.Generate(counts, seed: 2).Select(i => i.Png).ToList();
        Assert.Equal(a, b);
        Assert.NotEqual(a[0], c[0]);
    }

    [Fact]
    public void Writes_a_class_per_folder_tree()
    {
        var root = Path.Combine(Path.GetTempPath(), "imesh-demo-" + Guid.NewGuid().ToString("N"));
        try
        {
            var written = DemoDataset.WriteTo(root, new Dictionary<string, int> { ["circle"] = 4, ["square"] = 2, ["triangle"] = 1 });
            Assert.Equal(7, written);
            Assert.Equal(4, Directory.GetFiles(Path.Combine(root, "circle"), "*.png").Length);
            Assert.Single(Directory.GetFiles(Path.Combine(root, "triangle")));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Unknown_class_is_refused()
    {
        Assert.Throws<ArgumentException>(() => DemoDataset.Generate(new Dictionary<string, int> { ["hexagon"] = 1 }).ToList());
    }
}
