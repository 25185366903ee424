using Grpc.Core;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Imaging.Tests.Decoding;
using ImbalanceMesh.Ingestion.Tests.Support;

namespace ImbalanceMesh.Ingestion.Tests;

public sealed class FolderImportTests
{
    /// <summary>Each rejected file with the reason code that starts its reason.</summary>
    private static Dictionary<string, string> ReasonCodes(ImportResult result) =>
        result.Rejected.ToDictionary(r => r.File, r => r.Reason.Split(':')[0]);

    [Fact]
    public async Task Every_good_file_lands_and_every_bad_one_is_listed_with_its_reason()
    {
        await using var box = new IngestionSandbox();
        box.WriteFile("cats/a.png", TestImages.Png(16, 12, 1));
        box.WriteFile("cats/gray.png", TestImages.GrayPng(10, 10, 2));
        box.WriteFile("cats/nested/b.jpg", TestImages.Jpeg());
        box.WriteFile("dogs/c.bmp", TestImages.Bmp());
        box.WriteFile("dogs/d.gif", TestImages.Gif());
        box.WriteFile("dogs/e.webp", TestImages.Webp());
        box.WriteFile("dogs/alpha.png", TestImages.RgbaPngWithAlpha());
        box.WriteFile("dogs/empty.png", []);
        box.WriteFile("dogs/notes.txt", TestImages.Text());
        box.WriteFile("dogs/scan.tiff", TestImages.Tiff());
        box.WriteFile("dogs/cut.png", TestImages.Truncated());
        box.WriteFile("dogs/bomb.png", TestImages.Bomb());
        box.WriteFile("dogs/corrupt.png", TestImages.Corrupt());
        box.WriteFile("stray.png", TestImages.Png(8, 8, 3));
        box.WriteFile("cats/.hidden.png", TestImages.Png(8, 8, 4));

        var (progress, result) = await box.ImportFolderAsync("pets", split: new SplitFractions { Train = 1 });

        Assert.Equal(1, result.Version);
        Assert.Equal(7, result.Imported);
        Assert.Equal(new Dictionary<string, long> { ["cats"] = 3, ["dogs"] = 4 }, result.ClassCounts);
        var reasons = ReasonCodes(result);
        Assert.Equal(new Dictionary<string, string>
        {
            ["dogs/empty.png"] = "empty",
            ["dogs/notes.txt"] = "not-an-image",
            ["dogs/scan.tiff"] = "unsupported",
            ["dogs/cut.png"] = "truncated",
            ["dogs/bomb.png"] = "too-many-pixels",
            ["dogs/corrupt.png"] = "unreadable",
            ["stray.png"] = "not-in-a-class-folder",
        }, reasons);
        Assert.Equal(14, progress.Last().Processed);
        Assert.Equal(14, progress.Last().Total);

        var samples = await box.StreamAsync("pets");
        Assert.Equal(7, samples.Count);
        var gray = samples.Single(s => s.Source == "cats/gray.png");
        Assert.Equal((10, 10, 1), (gray.Width, gray.Height, gray.Channels));
        Assert.Equal(TestImages.Pattern(10, 10, 1, 2), gray.Data.ToByteArray());
        Assert.Equal(3, samples.Single(s => s.Source == "dogs/alpha.png").Channels);
        Assert.Equal("cats/nested/b.jpg".Replace('/', Path.DirectorySeparatorChar), samples.Single(s => s.Format == "jpeg").Source);
    }

    [Fact]
    public async Task Duplicates_are_skipped_and_counted_and_label_conflicts_reported()
    {
        await using var box = new IngestionSandbox();
        var shared = TestImages.Png(12, 12, 10);
        box.WriteFile("a/one.png", shared);
        box.WriteFile("a/one-again.png", shared);
        box.WriteFile("a/two.png", TestImages.Png(12, 12, 11));
        box.WriteFile("b/one-as-b.png", shared);
        box.WriteFile("b/three.png", TestImages.Png(12, 12, 12));

        var (_, result) = await box.ImportFolderAsync("dups");

        Assert.Equal(3, result.Imported);
        Assert.Equal(1, result.Duplicates);
        var conflict = Assert.Single(result.LabelConflicts);
        Assert.Equal(["a", "b"], conflict.Classes);
        Assert.Equal(["a/one-again.png", "b/one-as-b.png"], conflict.Files); // ordinal order: "-" sorts before "."
        Assert.Equal(64, conflict.Hash.Length);

        // Importing the same folder again: everything is already in v1, so nothing new and no new version.
        var (_, again) = await box.ImportFolderAsync("dups");
        Assert.Equal((0, 0L, 4L), (again.Version, again.Imported, again.Duplicates));
        Assert.Single((await box.Client.ListDatasetsAsync(new ListDatasetsRequest())).Datasets.Single().Versions);
    }

    [Fact]
    public async Task A_new_import_makes_a_new_version_and_the_old_one_stays_as_it_was()
    {
        await using var box = new IngestionSandbox();
        for (var i = 0; i < 5; i++) box.WriteFile($"first/a/{i}.png", TestImages.Png(8, 8, 100 + i));
        for (var i = 0; i < 3; i++) box.WriteFile($"second/b/{i}.png", TestImages.Png(8, 8, 200 + i));
        var v1 = (await box.ImportFolderAsync("grow", "first")).Result;
        var v1Samples = await box.StreamAsync("grow", format: SampleFormat.Original, version: 1);
        var v2 = (await box.ImportFolderAsync("grow", "second")).Result;

        Assert.Equal((1, 2), (v1.Version, v2.Version));
        Assert.Equal((3L, 5L), (v2.Imported, v2.CarriedOver));
        Assert.Equal(new Dictionary<string, long> { ["a"] = 5, ["b"] = 3 }, v2.ClassCounts);
        var v1Again = await box.StreamAsync("grow", format: SampleFormat.Original, version: 1);
        Assert.Equal(v1Samples.Select(s => (s.Id, s.Hash, s.Split)), v1Again.Select(s => (s.Id, s.Hash, s.Split)));
        var v2Samples = await box.StreamAsync("grow", version: 2);
        Assert.Equal(8, v2Samples.Count);
        // Carried-over samples keep their split.
        Assert.Equal(v1Samples.Select(s => (s.Hash, s.Split)).Order(), v2Samples.Where(s => s.ClassName == "a").Select(s => (s.Hash, s.Split)).Order());
    }

    [Fact]
    public async Task A_path_outside_the_allowed_roots_is_refused()
    {
        await using var box = new IngestionSandbox();
        var outside = Path.Combine(box.Root, "elsewhere");
        Directory.CreateDirectory(Path.Combine(outside, "x"));
        File.WriteAllBytes(Path.Combine(outside, "x", "a.png"), TestImages.Png());
        foreach (var path in new[] { outside, Path.Combine(box.Inbox, "..", "elsewhere"), "/etc" })
        {
            var call = box.Client.ImportFolder(new ImportFolderRequest { Options = new ImportOptions { Dataset = "x" }, Path = path });
            var error = await Assert.ThrowsAsync<RpcException>(async () => await call.ResponseStream.MoveNext());
            Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
            Assert.Contains("Ingestion:AllowedRoots", error.Status.Detail);
        }
        Assert.Empty((await box.Client.ListDatasetsAsync(new ListDatasetsRequest())).Datasets);
    }

    [Fact]
    public async Task A_symlink_inside_the_inbox_pointing_outside_is_rejected_per_file()
    {
        await using var box = new IngestionSandbox();
        var secret = Path.Combine(box.Root, "secret.png");
        File.WriteAllBytes(secret, TestImages.Png(8, 8, 50));
        box.WriteFile("a/ok.png", TestImages.Png(8, 8, 51));
        File.CreateSymbolicLink(Path.Combine(box.Inbox, "a", "link.png"), secret);

        var (_, result) = await box.ImportFolderAsync("links");

        Assert.Equal(1, result.Imported);
        Assert.StartsWith("outside-allowed-roots", Assert.Single(result.Rejected).Reason);
    }

    [Fact]
    public async Task A_linked_folder_leading_out_of_the_roots_is_rejected_and_nothing_below_it_is_read()
    {
        await using var box = new IngestionSandbox();
        var outside = Path.Combine(box.Root, "outside");
        Directory.CreateDirectory(outside);
        File.WriteAllBytes(Path.Combine(outside, "stolen.png"), TestImages.Png(8, 8, 60));
        box.WriteFile("a/ok.png", TestImages.Png(8, 8, 61));
        Directory.CreateSymbolicLink(Path.Combine(box.Inbox, "a", "common"), outside);
        Directory.CreateSymbolicLink(Path.Combine(box.Inbox, "linked-class"), outside);

        var (_, result) = await box.ImportFolderAsync("dir-links");

        Assert.Equal(1, result.Imported);
        Assert.Equal(new Dictionary<string, long> { ["a"] = 1 }, result.ClassCounts);
        Assert.Equal(new Dictionary<string, string> { ["a/common"] = "outside-allowed-roots", ["linked-class"] = "outside-allowed-roots" },
            ReasonCodes(result));
    }

    [Fact]
    public async Task A_loop_of_links_is_rejected_per_entry_and_the_rest_imports()
    {
        await using var box = new IngestionSandbox();
        box.WriteFile("a/ok.png", TestImages.Png(8, 8, 62));
        Directory.CreateSymbolicLink(Path.Combine(box.Inbox, "a", "up"), Path.Combine(box.Inbox, "a"));
        File.CreateSymbolicLink(Path.Combine(box.Inbox, "a", "self.png"), Path.Combine(box.Inbox, "a", "self.png"));

        var (_, result) = await box.ImportFolderAsync("loops");

        Assert.Equal(1, result.Imported);
        Assert.Equal(new Dictionary<string, string> { ["a/self.png"] = "symlink-loop", ["a/up"] = "symlink-loop" },
            ReasonCodes(result));
    }

    [Fact]
    public async Task A_named_pipe_is_rejected_as_unreadable_instead_of_hanging_the_import()
    {
        await using var box = new IngestionSandbox();
        box.WriteFile("a/ok.png", TestImages.Png(8, 8, 63));
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", Path.Combine(box.Inbox, "a", "pipe.png"))) await mkfifo.WaitForExitAsync();

        var (_, result) = await box.ImportFolderAsync("pipes").WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(1, result.Imported);
        Assert.Equal(new Dictionary<string, string> { ["a/pipe.png"] = "unreadable" }, ReasonCodes(result));
    }

    [Theory]
    [InlineData("", "Dataset name")]
    [InlineData("has space", "Dataset name")]
    public async Task Bad_requests_get_invalid_argument_with_the_reason(string dataset, string expected)
    {
        await using var box = new IngestionSandbox();
        box.WriteFile("a/x.png", TestImages.Png());
        var call = box.Client.ImportFolder(new ImportFolderRequest { Options = new ImportOptions { Dataset = dataset }, Path = box.Inbox });
        var error = await Assert.ThrowsAsync<RpcException>(async () => await call.ResponseStream.MoveNext());
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains(expected, error.Status.Detail);
    }

    [Fact]
    public async Task Bad_split_missing_folder_and_empty_folder_are_refused_clearly()
    {
        await using var box = new IngestionSandbox();
        box.WriteFile("a/x.png", TestImages.Png());
        Directory.CreateDirectory(Path.Combine(box.Inbox, "empty"));
        async Task<RpcException> Fails(ImportFolderRequest request)
        {
            var call = box.Client.ImportFolder(request);
            return await Assert.ThrowsAsync<RpcException>(async () => await call.ResponseStream.MoveNext());
        }
        var split = await Fails(new() { Options = new() { Dataset = "d", Split = new() { Train = 0.9, Val = 0.9 } }, Path = box.Inbox });
        Assert.Equal((StatusCode.InvalidArgument, true), (split.StatusCode, split.Status.Detail.Contains("sum to 1")));
        var missing = await Fails(new() { Options = new() { Dataset = "d" }, Path = Path.Combine(box.Inbox, "nope") });
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
        var empty = await Fails(new() { Options = new() { Dataset = "d" }, Path = Path.Combine(box.Inbox, "empty") });
        Assert.Equal((StatusCode.InvalidArgument, true), (empty.StatusCode, empty.Status.Detail.Contains("no class sub-folders")));
    }
}
