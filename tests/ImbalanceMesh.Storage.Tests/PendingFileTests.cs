namespace ImbalanceMesh.Storage.Tests;

public sealed class PendingFileTests : TempFolder
{
    [Fact]
    public void Without_a_commit_the_target_keeps_its_old_content_and_no_temp_file_is_left()
    {
        var target = WriteFile("out/report.json", "old");
        using (var file = PendingFile.For(target)) file.Stream.Write("half"u8);

        Assert.Equal("old", File.ReadAllText(target));
        Assert.Equal([target], Directory.GetFiles(Sub("out")));
    }

    [Fact]
    public void A_link_at_the_target_is_replaced_not_written_through()
    {
        var victim = WriteFile("victim.txt", "keep");
        var target = Sub("out", "model.bin");
        Directory.CreateDirectory(Sub("out"));
        File.CreateSymbolicLink(target, victim);

        AtomicFile.Write(target, "new"u8);

        Assert.Equal("keep", File.ReadAllText(victim));
        Assert.Equal("new", File.ReadAllText(target));
        Assert.Null(new FileInfo(target).LinkTarget);
    }
}
