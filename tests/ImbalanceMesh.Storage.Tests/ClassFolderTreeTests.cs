namespace ImbalanceMesh.Storage.Tests;

public sealed class ClassFolderTreeTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Links_are_followed_inside_the_roots_and_rejected_once_when_they_lead_out_or_back_up()
    {
        var root = _temp.Folder("root");
        var outside = _temp.Folder("outside");
        _temp.File("outside/stolen.png");
        _temp.File("root/cats/a.png");
        _temp.File("root/cats/.hidden.png");
        _temp.File("root/shared/b.png");
        _temp.File("root/stray.png");
        Directory.CreateSymbolicLink(_temp.Sub("root", "cats", "common"), outside);
        Directory.CreateSymbolicLink(_temp.Sub("root", "cats", "again"), _temp.Sub("root", "cats"));
        Directory.CreateSymbolicLink(_temp.Sub("root", "cats", "alias"), _temp.Sub("root", "shared"));
        Directory.CreateSymbolicLink(_temp.Sub("root", "dogs"), outside);

        var listing = ClassFolderTree.List(root, new AllowedRoots([root]));

        Assert.Equal(["cats", "shared"], listing.Classes);
        var byName = listing.Files.ToDictionary(f => f.Source, f => f.Rejection?.Split(':')[0]);
        Assert.Equal(new Dictionary<string, string?>
        {
            ["dogs"] = "outside-allowed-roots",
            ["stray.png"] = "not-in-a-class-folder",
            ["cats/a.png"] = null,
            ["cats/again"] = "symlink-loop",
            ["cats/alias/b.png"] = null,
            ["cats/common"] = "outside-allowed-roots",
            ["shared/b.png"] = null,
        }, byName);
        Assert.Equal(_temp.Sub("root", "shared", "b.png"), listing.Files.Single(f => f.Source == "cats/alias/b.png").RealPath);
    }
}
