namespace ImbalanceMesh.Storage.Tests;

public sealed class ClassFolderTreeTests : TempFolder
{
    [Fact]
    public void Links_are_followed_inside_the_roots_and_rejected_once_when_they_lead_out_or_back_up()
    {
        var root = Folder("root");
        var outside = Folder("outside");
        WriteFile("outside/stolen.png");
        WriteFile("root/cats/a.png");
        WriteFile("root/cats/.hidden.png");
        WriteFile("root/shared/b.png");
        WriteFile("root/stray.png");
        Directory.CreateSymbolicLink(Sub("root", "cats", "common"), outside);
        Directory.CreateSymbolicLink(Sub("root", "cats", "again"), Sub("root", "cats"));
        Directory.CreateSymbolicLink(Sub("root", "cats", "alias"), Sub("root", "shared"));
        Directory.CreateSymbolicLink(Sub("root", "dogs"), outside);

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
        Assert.Equal(Sub("root", "shared", "b.png"), listing.Files.Single(f => f.Source == "cats/alias/b.png").RealPath);
    }
}
