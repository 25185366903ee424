using Grpc.Core;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Imaging.Tests.Decoding;
using ImbalanceMesh.Ingestion.Tests.Support;
using Microsoft.Data.Sqlite;

namespace ImbalanceMesh.Ingestion.Tests;

/// <summary>A new version shares the sample rows of the version it builds on instead of copying them.</summary>
public sealed class VersionSharingTests
{
    [Fact]
    public async Task Each_version_reads_exactly_its_own_samples_while_the_catalog_holds_every_sample_once()
    {
        await using var box = new IngestionSandbox();
        for (var i = 0; i < 20; i++) box.WriteFile($"one/a/{i}.png", TestImages.Png(8, 8, i));
        for (var i = 0; i < 6; i++) box.WriteFile($"two/b/{i}.png", TestImages.Png(8, 8, 100 + i));
        for (var i = 0; i < 4; i++) box.WriteFile($"three/a/{i}.png", TestImages.Png(8, 8, 200 + i));
        box.WriteFile("three/a/again.png", TestImages.Png(8, 8, 0));
        await box.ImportFolderAsync("grow", "one");
        await box.ImportFolderAsync("grow", "two");
        var third = (await box.ImportFolderAsync("grow", "three")).Result;
        Assert.Equal((3, 4L, 1L, 26L), (third.Version, third.Imported, third.Duplicates, third.CarriedOver));

        // Copying would hold 20 + 26 + 30 rows.
        Assert.Equal(30L, SampleRows(box));
        var versions = new List<List<Sample>>();
        for (var v = 1; v <= 3; v++) versions.Add(await box.StreamAsync("grow", version: v));
        Assert.Equal([20, 26, 30], versions.Select(s => s.Count));
        Assert.Equal(versions[0].Select(s => (s.Id, s.Hash, s.Split)), versions[1].Take(20).Select(s => (s.Id, s.Hash, s.Split)));
        Assert.Equal(versions[1].Select(s => (s.Id, s.Hash, s.Split)), versions[2].Take(26).Select(s => (s.Id, s.Hash, s.Split)));
        Assert.Equal(30, versions[2].Select(s => s.Hash).Distinct().Count());
        Assert.Equal(["a"], versions[0].Select(s => s.ClassName).Distinct());

        for (var v = 1; v <= 3; v++)
        {
            var all = versions[v - 1];
            var bySplit = new List<Sample>();
            foreach (var split in new[] { Split.Train, Split.Val, Split.Test })
            {
                var part = await box.StreamAsync("grow", split, version: v);
                Assert.All(part, s => Assert.Equal(split, s.Split));
                bySplit.AddRange(part);
                var index = await IndexAsync(box, v, split);
                Assert.Equal(part.Select(s => s.Id), index);
            }
            Assert.Equal(all.Select(s => s.Id), bySplit.Select(s => s.Id).Order());
            var stats = await box.Client.GetStatisticsAsync(new StatisticsRequest { Dataset = new DatasetRef { Dataset = "grow", Version = v } });
            Assert.Equal(all.Count, stats.Splits.Sum(s => s.Total));
        }

        // A sample another version added is not in this one, by id either.
        var added = versions[2][^1].Id;
        var notInOne = await Assert.ThrowsAsync<RpcException>(() => box.Client.GetSampleAsync(
            new GetSampleRequest { Dataset = new DatasetRef { Dataset = "grow", Version = 1 }, SampleId = added }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, notInOne.StatusCode);
        var byId = await StreamByIdAsync(box, "grow", 2, versions[0][3].Id, versions[1][^1].Id);
        Assert.Equal([versions[0][3].Id, versions[1][^1].Id], byId.Select(s => s.Id));
        var mixed = await Assert.ThrowsAsync<RpcException>(() => StreamByIdAsync(box, "grow", 2, versions[0][3].Id, added));
        Assert.Equal(StatusCode.NotFound, mixed.StatusCode);
    }

    [Fact]
    public async Task Versions_sealed_as_copies_before_sharing_keep_their_own_samples_and_a_new_version_builds_on_them()
    {
        await using var box = new IngestionSandbox();
        for (var i = 0; i < 5; i++) box.WriteFile($"one/a/{i}.png", TestImages.Png(8, 8, i));
        await box.ImportFolderAsync("old", "one");
        await box.StopAsync();
        CopyAsLegacyVersion2(box);

        await box.RestartAsync();

        var one = await box.StreamAsync("old", version: 1);
        var two = await box.StreamAsync("old", version: 2);
        Assert.Equal((5, 5), (one.Count, two.Count));
        Assert.Equal(one.Select(s => (s.Hash, s.Split)), two.Select(s => (s.Hash, s.Split)));
        Assert.Empty(one.Select(s => s.Id).Intersect(two.Select(s => s.Id)));

        box.WriteFile("two/b/0.png", TestImages.Png(8, 8, 50));
        var third = (await box.ImportFolderAsync("old", "two")).Result;
        Assert.Equal((3, 1L, 5L), (third.Version, third.Imported, third.CarriedOver));
        var three = await box.StreamAsync("old", version: 3);
        Assert.Equal(two.Select(s => s.Id).Append(three[^1].Id), three.Select(s => s.Id));
    }

    /// <summary>What a seal before shared rows wrote for a second version: a copy of every row of version 1.</summary>
    private static void CopyAsLegacyVersion2(IngestionSandbox box)
    {
        using var connection = Open(box);
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO versions (id, dataset_id, number, sealed_utc, split_train, split_val, split_test, seed, samples, bytes)
                SELECT 2, dataset_id, 2, sealed_utc, split_train, split_val, split_test, seed, samples, bytes FROM versions WHERE id = 1;
            INSERT INTO classes (version_id, idx, name) SELECT 2, idx, name FROM classes WHERE version_id = 1;
            INSERT INTO samples (version_id, hash, class, split, width, height, channels, bytes, format, source)
                SELECT 2, hash, class, split, width, height, channels, bytes, format, source FROM samples WHERE version_id = 1 ORDER BY id;
            """;
        command.ExecuteNonQuery();
    }

    private static long SampleRows(IngestionSandbox box)
    {
        using var connection = Open(box);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM samples";
        return (long)command.ExecuteScalar()!;
    }

    private static SqliteConnection Open(IngestionSandbox box)
    {
        var connection = new SqliteConnection($"Data Source={Path.Combine(box.DataRoot, "catalog.db")};Pooling=False");
        connection.Open();
        return connection;
    }

    private static async Task<List<Sample>> StreamByIdAsync(IngestionSandbox box, string dataset, int version, params long[] ids)
    {
        var samples = new List<Sample>();
        await foreach (var chunk in box.Client.StreamSamples(new StreamSamplesRequest
        {
            Dataset = new DatasetRef { Dataset = dataset, Version = version }, SampleIds = { ids },
        }).ResponseStream.ReadAllAsync()) samples.AddRange(chunk.Samples);
        return samples;
    }

    private static async Task<List<long>> IndexAsync(IngestionSandbox box, int version, Split split)
    {
        var ids = new List<long>();
        await foreach (var chunk in box.Client.StreamSampleIndex(new SampleIndexRequest
        {
            Dataset = new DatasetRef { Dataset = "grow", Version = version }, Split = split,
        }).ResponseStream.ReadAllAsync()) ids.AddRange(chunk.Ids);
        return ids;
    }
}
