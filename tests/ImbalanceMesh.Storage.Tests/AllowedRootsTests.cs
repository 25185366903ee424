namespace ImbalanceMesh.Storage.Tests;

public sealed class AllowedRootsTests : TempFolder
{
    [Fact]
    public void A_sibling_whose_name_starts_like_the_root_is_outside()
    {
        var roots = new AllowedRoots([Folder("data")]);
        WriteFile("data-copy/a.png");

        var resolved = roots.Resolve(Sub("data-copy", "a.png"));

        Assert.StartsWith("outside-allowed-roots:", resolved.Rejection);
    }

    [Fact]
    public void A_root_given_through_a_link_admits_the_real_folder_and_semicolons_separate_roots()
    {
        var real = Folder("real");
        var other = Folder("other");
        Directory.CreateSymbolicLink(Sub("alias"), real);

        var roots = new AllowedRoots([$"{Sub("alias")};{other}"]);

        Assert.Equal([real, other], roots.Folders);
        Assert.True(roots.Resolve(Path.Combine(real, "a.png")).IsAllowed);
        Assert.True(roots.Resolve(Sub("alias", "a.png")).IsAllowed);
    }

    [Fact]
    public void A_file_link_out_is_refused_when_opened_and_a_file_inside_is_read()
    {
        var root = Folder("root");
        var inside = WriteFile("root/ok.txt", "inside");
        File.CreateSymbolicLink(Path.Combine(root, "shadow"), "/etc/shadow");
        var roots = new AllowedRoots([root]);

        Assert.Equal("inside"u8.ToArray(), ContainedFile.ReadAllBytes(roots, inside));
        var error = Assert.Throws<PathDeniedException>(() => ContainedFile.OpenRead(roots, Path.Combine(root, "shadow")));
        Assert.Contains("/etc/shadow", error.Message);
    }

    [Fact]
    public void A_pipe_is_refused_at_once_instead_of_blocking_the_reader()
    {
        var root = Folder("root");
        var fifo = Path.Combine(root, "fifo.png");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", fifo)) mkfifo.WaitForExit();

        var error = Assert.Throws<IOException>(() => ContainedFile.OpenRead(new AllowedRoots([root]), fifo));

        Assert.Contains("not a regular file", error.Message);
    }
}
