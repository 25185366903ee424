namespace ImbalanceMesh.Storage.Tests;

public sealed class PendingFileTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Without_a_commit_the_target_keeps_its_old_content_and_no_temp_file_is_left()
    {
        var target = _temp.File("out/report.json", "old");
        using (var file = PendingFile.For(target)) file.Stream.Write("half"u8);

        Assert.Equal("old", File.ReadAllText(target));
        Assert.Equal([target], Directory.GetFiles(_temp.Sub("out")));
    }

    [Fact]
    public void A_link_at_the_target_is_replaced_not_written_through()
    {
        var victim = _temp.File("victim.txt", "keep");
        var target = _temp.Sub("out", "model.bin");
        Directory.CreateDirectory(_temp.Sub("out"));
        File.CreateSymbolicLink(target, victim);

        AtomicFile.Write(target, "new"u8);

        Assert.Equal("keep", File.ReadAllText(victim));
        Assert.Equal("new", File.ReadAllText(target));
        Assert.Null(new FileInfo(target).LinkTarget);
    }
}
