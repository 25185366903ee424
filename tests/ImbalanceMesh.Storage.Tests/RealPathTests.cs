namespace ImbalanceMesh.Storage.Tests;

public sealed class RealPathTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_folder_link_in_the_middle_of_a_path_is_resolved()
    {
        var outside = _temp.Folder("outside");
        _temp.File("outside/secret.txt");
        _temp.Folder("root", "x");
        Directory.CreateSymbolicLink(_temp.Sub("root", "x", "link"), outside);

        Assert.Equal(Path.Combine(outside, "secret.txt"), RealPath.Resolve(_temp.Sub("root", "x", "link", "secret.txt")));
    }

    [Fact]
    public void Dot_dot_after_a_link_steps_out_of_the_link_target_and_relative_targets_start_at_the_link_folder()
    {
        _temp.Folder("a", "deep");
        _temp.Folder("b");
        Directory.CreateSymbolicLink(_temp.Sub("b", "to-deep"), "../a/deep");

        Assert.Equal(_temp.Sub("a"), RealPath.Resolve(_temp.Sub("b", "to-deep", "..")));
    }

    [Fact]
    public void Missing_components_are_kept_as_written()
    {
        var real = _temp.Folder("real");
        Directory.CreateSymbolicLink(_temp.Sub("alias"), real);

        Assert.Equal(Path.Combine(real, "new", "file.png"), RealPath.Resolve(_temp.Sub("alias", "new", "file.png")));
    }

    [Fact]
    public void A_loop_of_links_is_reported_not_followed_forever()
    {
        File.CreateSymbolicLink(_temp.Sub("ping"), _temp.Sub("pong"));
        File.CreateSymbolicLink(_temp.Sub("pong"), _temp.Sub("ping"));

        var error = Assert.Throws<SymlinkLoopException>(() => RealPath.Resolve(_temp.Sub("ping", "x")));
        Assert.Contains("loop", error.Message);
    }
}
