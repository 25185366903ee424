namespace ImbalanceMesh.Storage.Tests;

public sealed class RealPathTests : TempFolder
{
    [Fact]
    public void A_folder_link_in_the_middle_of_a_path_is_resolved()
    {
        var outside = Folder("outside");
        WriteFile("outside/secret.txt");
        Folder("root", "x");
        Directory.CreateSymbolicLink(Sub("root", "x", "link"), outside);

        Assert.Equal(Path.Combine(outside, "secret.txt"), RealPath.Resolve(Sub("root", "x", "link", "secret.txt")));
    }

    [Fact]
    public void Dot_dot_after_a_link_steps_out_of_the_link_target_and_relative_targets_start_at_the_link_folder()
    {
        Folder("a", "deep");
        Folder("b");
        Directory.CreateSymbolicLink(Sub("b", "to-deep"), "../a/deep");

        Assert.Equal(Sub("a"), RealPath.Resolve(Sub("b", "to-deep", "..")));
    }

    [Fact]
    public void Missing_components_are_kept_as_written()
    {
        var real = Folder("real");
        Directory.CreateSymbolicLink(Sub("alias"), real);

        Assert.Equal(Path.Combine(real, "new", "file.png"), RealPath.Resolve(Sub("alias", "new", "file.png")));
    }

    [Fact]
    public void A_loop_of_links_is_reported_not_followed_forever()
    {
        File.CreateSymbolicLink(Sub("ping"), Sub("pong"));
        File.CreateSymbolicLink(Sub("pong"), Sub("ping"));

        var error = Assert.Throws<SymlinkLoopException>(() => RealPath.Resolve(Sub("ping", "x")));
        Assert.Contains("loop", error.Message);
    }
}
