using System.Globalization;
using ImbalanceMesh.Core.Splitting;
using ImbalanceMesh.Ingestion.Configuration;
using ImbalanceMesh.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace ImbalanceMesh.Ingestion.Storage;

/// <summary>Datasets, sealed versions, classes and samples in SQLite (WAL). Only sealed versions exist here.</summary>
public sealed class Catalog
{
    private readonly SqliteDatabase _database;
    private readonly string _spillFolder;

    public Catalog(IOptions<IngestionOptions> options)
    {
        _database = new SqliteDatabase(
            Path.Combine(options.Value.FullDataRoot, "catalog.db"), CatalogSchema.Create, busyTimeout: TimeSpan.FromSeconds(60));
        _spillFolder = Path.Combine(options.Value.FullDataRoot, "imports");
        Directory.CreateDirectory(_spillFolder);
        ImportSpill.DeleteLeftovers(_spillFolder);
    }

    /// <summary>A scratch file for the samples one import accepts, sealed by <see cref="Seal"/>.</summary>
    public ImportSpill StartSpill() => new(_spillFolder);

    public IReadOnlyList<VersionRecord> ListVersions()
    {
        using var connection = Open();
        return ReadVersions(connection, "1 = 1", _ => { });
    }

    /// <summary>The sealed version, or null. Number 0 means the latest.</summary>
    public VersionRecord? FindVersion(string dataset, int number)
    {
        using var connection = Open();
        var where = number > 0
            ? "d.name = @dataset AND v.number = @number"
            : "d.name = @dataset AND v.number = (SELECT MAX(number) FROM versions WHERE dataset_id = d.id)";
        return ReadVersions(connection, where, c =>
        {
            c.Parameters.AddWithValue("@dataset", dataset);
            c.Parameters.AddWithValue("@number", number);
        }).SingleOrDefault();
    }

    /// <summary>
    /// Samples of a version ordered by id, read from the catalog as they are enumerated (the connection stays open
    /// until the enumeration ends); all splits when split is null.
    /// </summary>
    public IEnumerable<SampleRecord> EnumerateSamples(long versionId, SplitName? split) =>
        EnumerateByPart(versionId, split, SelectSamples, "s.", ReadSample);

    /// <summary>(id, hash, class) of a version's samples ordered by id, read as enumerated.</summary>
    public IEnumerable<(long Id, string Hash, string ClassName)> EnumerateContents(long versionId) =>
        EnumerateByPart(versionId, null, "SELECT id, hash, class FROM samples", "", r => (r.GetInt64(0), r.GetString(1), r.GetString(2)));

    public long CountSamples(long versionId, SplitName? split)
    {
        using var connection = Open();
        return Scalar(connection, "SELECT COUNT(*) FROM samples WHERE " + InVersion("") + (split is null ? "" : " AND split = @s"),
            ("@v", versionId), ("@s", (int)(split ?? 0)));
    }

    /// <summary>
    /// The named samples of a version ordered by id; ids not in the version are left out. One primary-key lookup per
    /// id (the ids travel as one JSON array parameter), never a scan of the version.
    /// </summary>
    public IReadOnlyList<SampleRecord> SamplesById(long versionId, IReadOnlyCollection<long> ids)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = SelectSamples +
            // "+" keeps the planner off the (version, split, id) index, which would scan the whole version.
            " WHERE s.id IN (SELECT value FROM json_each(@ids)) AND +" + InVersion("s.") + " ORDER BY s.id";
        command.Parameters.AddWithValue("@ids", "[" + string.Join(',', ids.Select(i => i.ToString(CultureInfo.InvariantCulture))) + "]");
        command.Parameters.AddWithValue("@v", versionId);
        using var reader = command.ExecuteReader();
        var samples = new List<SampleRecord>(ids.Count);
        while (reader.Read()) samples.Add(ReadSample(reader));
        return samples;
    }

    /// <summary>(id, class) of a version's samples ordered by id, read as enumerated; all splits when split is null.</summary>
    public IEnumerable<(long Id, string ClassName)> EnumerateIndex(long versionId, SplitName? split) =>
        EnumerateByPart(versionId, split, "SELECT id, class FROM samples", "", r => (r.GetInt64(0), r.GetString(1)));

    /// <summary>How many samples a split has, the most pixel bytes one of them has, and its most channels.</summary>
    public (long Count, long MaxPixelBytes, int Channels) SplitShape(long versionId, SplitName? split)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*), COALESCE(MAX(width * height * channels), 0), COALESCE(MAX(channels), 0) " +
            "FROM samples WHERE " + InVersion("") + (split is null ? "" : " AND split = @s");
        command.Parameters.AddWithValue("@v", versionId);
        command.Parameters.AddWithValue("@s", (int)(split ?? 0));
        using var reader = command.ExecuteReader();
        reader.Read();
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt32(2));
    }

    public SampleRecord? Sample(long versionId, long sampleId)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = SelectSamples + " WHERE s.id = @id AND +" + InVersion("s.");
        command.Parameters.AddWithValue("@v", versionId);
        command.Parameters.AddWithValue("@id", sampleId);
        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadSample(reader) : null;
    }

    /// <summary>Sample counts of a version per (class, split).</summary>
    public IReadOnlyList<(string ClassName, SplitName Split, long Count)> Counts(long versionId)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT class, split, COUNT(*) FROM samples WHERE " + InVersion("") + " GROUP BY class, split";
        command.Parameters.AddWithValue("@v", versionId);
        using var reader = command.ExecuteReader();
        var counts = new List<(string, SplitName, long)>();
        while (reader.Read()) counts.Add((reader.GetString(0), (SplitName)reader.GetInt32(1), reader.GetInt64(2)));
        return counts;
    }

    /// <summary>
    /// Seals a new version in one transaction: the samples of <paramref name="baseVersion"/> (shared, not copied: its
    /// parts become the new version's parts) followed by the spill's, in its row order, each in the split the spill
    /// gives it; contents the spill places in <paramref name="pack"/> are registered as blobs; a resize above 0 is
    /// recorded with the version. Returns the new version number.
    /// </summary>
    public int Seal(string dataset, SplitFractions split, long seed, int resize, VersionRecord? baseVersion, ImportSpill added, string pack)
    {
        using var connection = Open();
        // A million-row seal touches far more pages than SQLite's default 2 MB cache holds; 64 MB for this one
        // connection, given back after the seal (pooled connections keep their settings).
        Execute(connection, $"PRAGMA cache_size = -{SealCacheKiB}");
        Execute(connection, "ATTACH DATABASE @path AS spill", ("@path", added.Path));
        try
        {
            return Seal(connection, dataset, split, seed, resize, baseVersion, pack);
        }
        finally
        {
            Execute(connection, "DETACH DATABASE spill");
            Execute(connection, "PRAGMA cache_size = -2000");
        }
    }

    private const int SealCacheKiB = 64 * 1024;
    private const string Spilled = "spill." + ImportSpill.Table;

    private static int Seal(SqliteConnection connection, string dataset, SplitFractions split, long seed, int resize,
        VersionRecord? baseVersion, string pack)
    {
        using var transaction = connection.BeginTransaction();
        var now = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture);
        var datasetId = Scalar(connection, "INSERT INTO datasets (name, created_utc) VALUES (@n, @t) ON CONFLICT (name) DO NOTHING; " +
            "SELECT id FROM datasets WHERE name = @n", ("@n", dataset), ("@t", now));
        var number = (int)Scalar(connection, "SELECT COALESCE(MAX(number), 0) + 1 FROM versions WHERE dataset_id = @d", ("@d", datasetId));
        var samples = (baseVersion?.Samples ?? 0) + Scalar(connection, $"SELECT COUNT(*) FROM {Spilled}");
        var bytes = (baseVersion?.Bytes ?? 0) + Scalar(connection, $"SELECT COALESCE(SUM(bytes), 0) FROM {Spilled}");
        var versionId = Scalar(connection,
            "INSERT INTO versions (dataset_id, number, sealed_utc, split_train, split_val, split_test, seed, samples, bytes) " +
            "VALUES (@d, @number, @t, @train, @val, @test, @seed, @samples, @bytes) RETURNING id",
            ("@d", datasetId), ("@number", number), ("@t", now), ("@train", split.Train), ("@val", split.Val),
            ("@test", split.Test), ("@seed", seed), ("@samples", samples), ("@bytes", bytes));
        if (resize > 0)
            Execute(connection, "INSERT INTO version_resize (version_id, size) VALUES (@v, @size)", ("@v", versionId), ("@size", resize));
        Execute(connection, "INSERT INTO version_parts (version_id, part_id) " +
            "SELECT @v, part_id FROM version_parts WHERE version_id = @b UNION SELECT @v, @v", ("@v", versionId), ("@b", baseVersion?.Id ?? 0));
        // In key order: appending to the blobs B-tree instead of a random insert per content (the commit of a million
        // random-order inserts was 105 of a 150 s import). WHERE also keeps the upsert's ON from parsing as a join's.
        Execute(connection, "INSERT INTO blobs (hash, pack, pack_offset, length, pixels_length) " +
            $"SELECT hash, @pack, pack_offset, length, pixels_length FROM {Spilled} WHERE pack_offset IS NOT NULL ORDER BY hash " +
            "ON CONFLICT (hash) DO NOTHING", ("@pack", pack));
        Execute(connection, "INSERT INTO samples (version_id, hash, class, split, width, height, channels, bytes, format, source) " +
            $"SELECT @v, hash, class, split, width, height, channels, bytes, format, source FROM {Spilled} ORDER BY row", ("@v", versionId));
        var added = ReadStrings(connection, $"SELECT DISTINCT class FROM {Spilled}");
        var classes = (baseVersion?.Classes ?? []).Concat(added).Distinct().Order(StringComparer.Ordinal);
        foreach (var (name, index) in classes.Select((name, index) => (name, index)))
            Execute(connection, "INSERT INTO classes (version_id, idx, name) VALUES (@v, @i, @n)", ("@v", versionId), ("@i", index), ("@n", name));
        transaction.Commit();
        return number;
    }

    /// <summary>Which of the given contents (hex hashes) are stored already.</summary>
    public HashSet<string> StoredBlobs(IReadOnlyCollection<string> hashes)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        if (hashes.Count == 0) return found;
        using var connection = Open();
        using var command = connection.CreateCommand();
        var names = hashes.Select((hash, i) =>
        {
            command.Parameters.AddWithValue($"@h{i}", hash);
            return $"@h{i}";
        }).ToList();
        command.CommandText = $"SELECT hash FROM blobs WHERE hash IN ({string.Join(',', names)})";
        using var reader = command.ExecuteReader();
        while (reader.Read()) found.Add(reader.GetString(0));
        return found;
    }

    /// <summary>The packs any stored blob lives in.</summary>
    public HashSet<string> ReferencedPacks() => Strings("SELECT DISTINCT pack FROM blobs").ToHashSet(StringComparer.Ordinal);

    /// <summary>Hashes samples refer to that have no stored location (data roots from before pack storage).</summary>
    public IReadOnlyList<string> HashesWithoutBlob() =>
        Strings("SELECT DISTINCT hash FROM samples WHERE hash NOT IN (SELECT hash FROM blobs)");

    public void AddBlobs(IEnumerable<(string Hash, BlobLocation Location)> blobs)
    {
        using var connection = Open();
        using var transaction = connection.BeginTransaction();
        InsertBlobs(connection, blobs);
        transaction.Commit();
    }

    private const string SelectSamples =
        "SELECT s.id, s.hash, s.class, s.split, s.width, s.height, s.channels, s.bytes, s.format, s.source, " +
        "b.pack, b.pack_offset, b.length, b.pixels_length FROM samples s JOIN blobs b ON b.hash = s.hash";

    private SqliteConnection Open() => _database.Open();

    /// <summary>The first column of every row of a query without parameters.</summary>
    private List<string> Strings(string sql)
    {
        using var connection = Open();
        return ReadStrings(connection, sql);
    }

    private static List<string> ReadStrings(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read()) values.Add(reader.GetString(0));
        return values;
    }

    /// <summary>The condition "this sample row is in version @v" (column prefix: "s." or "").</summary>
    private static string InVersion(string prefix) =>
        $"{prefix}version_id IN (SELECT part_id FROM version_parts WHERE version_id = @v)";

    /// <summary>
    /// Rows of a version ordered by id, read as enumerated: one indexed query per part, oldest first (sample ids only
    /// grow, so that is id order). The query selects from samples (its columns prefixed by <paramref name="prefix"/>).
    /// </summary>
    private IEnumerable<T> EnumerateByPart<T>(long versionId, SplitName? split, string select, string prefix, Func<SqliteDataReader, T> read)
    {
        using var connection = Open();
        var parts = Longs(connection, "SELECT part_id FROM version_parts WHERE version_id = @v ORDER BY part_id", ("@v", versionId));
        foreach (var part in parts)
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"{select} WHERE {prefix}version_id = @p" + (split is null ? "" : $" AND {prefix}split = @s") + $" ORDER BY {prefix}id";
            command.Parameters.AddWithValue("@p", part);
            command.Parameters.AddWithValue("@s", (int)(split ?? 0));
            using var reader = command.ExecuteReader();
            while (reader.Read()) yield return read(reader);
        }
    }

    private static List<long> Longs(SqliteConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        using var reader = command.ExecuteReader();
        var values = new List<long>();
        while (reader.Read()) values.Add(reader.GetInt64(0));
        return values;
    }

    private static void InsertBlobs(SqliteConnection connection, IEnumerable<(string Hash, BlobLocation Location)> blobs)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO blobs (hash, pack, pack_offset, length, pixels_length) " +
            "VALUES (@hash, @pack, @offset, @length, @pixels) ON CONFLICT (hash) DO NOTHING";
        var p = new[] { ("@hash", SqliteType.Text), ("@pack", SqliteType.Text), ("@offset", SqliteType.Integer),
            ("@length", SqliteType.Integer), ("@pixels", SqliteType.Integer) }
            .Select(parameter => command.Parameters.Add(parameter.Item1, parameter.Item2)).ToArray();
        command.Prepare();
        foreach (var (hash, location) in blobs)
        {
            (p[0].Value, p[1].Value, p[2].Value) = (hash, location.Pack, location.Offset);
            (p[3].Value, p[4].Value) = (location.Length, location.PixelsLength);
            command.ExecuteNonQuery();
        }
    }

    private static List<VersionRecord> ReadVersions(SqliteConnection connection, string where, Action<SqliteCommand> bind)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT v.id, d.name, v.number, v.sealed_utc, v.split_train, v.split_val, v.split_test, v.seed, v.samples, v.bytes,
                   (SELECT group_concat(name, char(10)) FROM (SELECT name FROM classes WHERE version_id = v.id ORDER BY idx)),
                   COALESCE(r.size, 0)
            FROM versions v JOIN datasets d ON d.id = v.dataset_id LEFT JOIN version_resize r ON r.version_id = v.id
            WHERE {where} ORDER BY d.name, v.number
            """;
        bind(command);
        using var reader = command.ExecuteReader();
        var versions = new List<VersionRecord>();
        while (reader.Read())
            versions.Add(new VersionRecord(reader.GetInt64(0), reader.GetString(1), reader.GetInt32(2), reader.GetString(3),
                new SplitFractions(reader.GetDouble(4), reader.GetDouble(5), reader.GetDouble(6)), reader.GetInt64(7),
                reader.GetInt64(8), reader.GetInt64(9),
                reader.IsDBNull(10) ? [] : reader.GetString(10).Split('\n'), reader.GetInt32(11)));
        return versions;
    }

    private static SampleRecord ReadSample(SqliteDataReader reader) =>
        new(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), (SplitName)reader.GetInt32(3), reader.GetInt32(4),
            reader.GetInt32(5), reader.GetInt32(6), reader.GetInt64(7), reader.GetString(8), reader.GetString(9), ReadLocation(reader, 10));

    private static BlobLocation ReadLocation(SqliteDataReader reader, int first) =>
        new(reader.GetString(first), reader.GetInt64(first + 1), reader.GetInt32(first + 2), reader.GetInt32(first + 3));

    private static void Execute(SqliteConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        command.ExecuteNonQuery();
    }

    private static long Scalar(SqliteConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }
}
