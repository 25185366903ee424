using System.Security.Cryptography;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Imaging.Tests.Decoding;
using ImbalanceMesh.Ingestion.Tests.Support;
using Microsoft.Data.Sqlite;

namespace ImbalanceMesh.Ingestion.Tests;

public sealed class PackStorageTests
{
    [Fact]
    public async Task Content_already_stored_for_another_dataset_is_not_stored_again()
    {
        await using var box = new IngestionSandbox();
        for (var i = 0; i < 6; i++) box.WriteFile($"x/{i}.png", TestImages.Png(9, 9, 300 + i));
        await box.ImportFolderAsync("one");
        await box.ImportFolderAsync("two");
        Assert.Single(Directory.GetFiles(box.PacksFolder));

        box.WriteFile("x/new.png", TestImages.Png(9, 9, 399));
        var (_, third) = await box.ImportFolderAsync("two");
        Assert.Equal((2, 1L), (third.Version, third.Imported));
        Assert.Equal(2, Directory.GetFiles(box.PacksFolder).Length);

        var one = await box.StreamAsync("one");
        var two = await box.StreamAsync("two", format: SampleFormat.Original);
        Assert.Equal(6, one.Count);
        Assert.All(one, s => Assert.Equal(TestImages.Pattern(9, 9, 3, 300 + int.Parse(Path.GetFileNameWithoutExtension(s.Source))), s.Data.ToByteArray()));
        Assert.Equal(7, two.Count);
        Assert.Equal(TestImages.Png(9, 9, 399), two.Single(s => s.Source == "x/new.png").Data.ToByteArray());
    }

    [Fact]
    public async Task A_data_root_from_before_pack_storage_keeps_streaming_after_an_upgrade()
    {
        await using var box = new IngestionSandbox();
        await box.Client.ListDatasetsAsync(new ListDatasetsRequest()); // creates the catalog
        await box.StopAsync();
        var files = new[] { TestImages.Png(7, 5, 1), TestImages.GrayPng(6, 4, 2) };
        WriteLegacyVersion(box.DataRoot, "old", files);

        await box.RestartAsync();

        var pixels = await box.StreamAsync("old");
        Assert.Equal([TestImages.Pattern(7, 5, 3, 1), TestImages.Pattern(6, 4, 1, 2)], pixels.Select(s => s.Data.ToByteArray()));
        var original = await box.StreamAsync("old", format: SampleFormat.Original);
        Assert.Equal(files, original.Select(s => s.Data.ToByteArray()));
        Assert.Single(Directory.GetFiles(box.PacksFolder));

        // A second start finds nothing left to move.
        await box.RestartAsync();
        Assert.Equal(files, (await box.StreamAsync("old", format: SampleFormat.Original)).Select(s => s.Data.ToByteArray()));
        Assert.Single(Directory.GetFiles(box.PacksFolder));
    }

    /// <summary>The old layout: catalog rows only, each content a file under blobs/&lt;2 hex&gt;/&lt;sha256&gt;.</summary>
    private static void WriteLegacyVersion(string dataRoot, string dataset, byte[][] files)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(dataRoot, "catalog.db")}");
        connection.Open();
        Execute(connection, $"""
            INSERT INTO datasets (id, name, created_utc) VALUES (1, '{dataset}', '2026-11-01T00:00:00Z');
            INSERT INTO versions (id, dataset_id, number, sealed_utc, split_train, split_val, split_test, seed, samples, bytes)
                VALUES (1, 1, 1, '2026-11-01T00:00:00Z', 1, 0, 0, 1, {files.Length}, {files.Sum(f => f.Length)});
            INSERT INTO classes (version_id, idx, name) VALUES (1, 0, 'a');
            """);
        for (var i = 0; i < files.Length; i++)
        {
            var hash = Convert.ToHexStringLower(SHA256.HashData(files[i]));
            var blob = Path.Combine(dataRoot, "blobs", hash[..2], hash);
            Directory.CreateDirectory(Path.GetDirectoryName(blob)!);
            File.WriteAllBytes(blob, files[i]);
            var channels = i == 0 ? 3 : 1;
            var (width, height) = i == 0 ? (7, 5) : (6, 4);
            Execute(connection, "INSERT INTO samples (version_id, hash, class, split, width, height, channels, bytes, format, source) " +
                $"VALUES (1, '{hash}', 'a', 1, {width}, {height}, {channels}, {files[i].Length}, 'png', 'a/{i}.png')");
        }
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
