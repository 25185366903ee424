using ImbalanceMesh.Core.Splitting;
using Microsoft.Data.Sqlite;

namespace ImbalanceMesh.Ingestion.Storage;

/// <summary>
/// The samples one import has accepted so far, written to a scratch SQLite file as the import goes (one row each, in
/// import order), so that an import holds no per-sample records in memory until its seal; the seal copies the rows into
/// the catalog (<see cref="Catalog.Seal"/>). The file needs no durability (no journal, no sync): it is deleted on
/// dispose, and a killed import's file is deleted when the catalog next starts.
/// </summary>
public sealed class ImportSpill : IDisposable
{
    public const string Extension = ".spill";
    public const string Table = "accepted";
    private const int RowsPerTransaction = 4096;

    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _insert;
    private SqliteTransaction? _transaction;

    public ImportSpill(string folder)
    {
        Path = System.IO.Path.Combine(folder, Guid.NewGuid().ToString("N") + Extension);
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path, Pooling = false }.ToString());
        _connection.Open();
        Execute($"""
            PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA temp_store = FILE;
            CREATE TABLE {Table} (
                row INTEGER PRIMARY KEY, hash TEXT NOT NULL, class TEXT NOT NULL, split INTEGER NOT NULL DEFAULT 0,
                width INTEGER NOT NULL, height INTEGER NOT NULL, channels INTEGER NOT NULL, bytes INTEGER NOT NULL,
                format TEXT NOT NULL, source TEXT NOT NULL,
                pack_offset INTEGER, length INTEGER, pixels_length INTEGER);
            """);
        _insert = _connection.CreateCommand();
        _insert.CommandText = $"INSERT INTO {Table} (row, hash, class, width, height, channels, bytes, format, source, pack_offset, length, pixels_length) " +
            "VALUES (@row, @hash, @class, @w, @h, @c, @bytes, @format, @source, @offset, @length, @pixels)";
        foreach (var (name, type) in new[] { ("@row", SqliteType.Integer), ("@hash", SqliteType.Text), ("@class", SqliteType.Text), ("@w", SqliteType.Integer),
                     ("@h", SqliteType.Integer), ("@c", SqliteType.Integer), ("@bytes", SqliteType.Integer), ("@format", SqliteType.Text),
                     ("@source", SqliteType.Text), ("@offset", SqliteType.Integer), ("@length", SqliteType.Integer), ("@pixels", SqliteType.Integer) })
            _insert.Parameters.Add(name, type);
    }

    /// <summary>The scratch file, which <see cref="Catalog.Seal"/> attaches.</summary>
    public string Path { get; }

    public int Count { get; private set; }

    /// <summary>
    /// One accepted sample; <paramref name="appended"/> is where this import's pack holds its content, or null when the
    /// content was stored already (by another dataset). Returns its row, 1 for the first sample, then 2, 3, ...
    /// </summary>
    public int Add(string hash, string className, int width, int height, int channels, long bytes, string format, string source,
        BlobLocation? appended)
    {
        if (Count % RowsPerTransaction == 0) Commit();
        _transaction ??= _connection.BeginTransaction();
        _insert.Transaction = _transaction;
        var p = _insert.Parameters;
        (p[0].Value, p[1].Value, p[2].Value, p[3].Value, p[4].Value, p[5].Value) = (Count + 1, hash, className, width, height, channels);
        (p[6].Value, p[7].Value, p[8].Value) = (bytes, format, source);
        (p[9].Value, p[10].Value, p[11].Value) = appended is null
            ? ((object)DBNull.Value, (object)DBNull.Value, (object)DBNull.Value)
            : (appended.Offset, appended.Length, appended.PixelsLength);
        _insert.ExecuteNonQuery();
        return ++Count;
    }

    public string Source(int row)
    {
        Commit();
        using var command = _connection.CreateCommand();
        command.CommandText = $"SELECT source FROM {Table} WHERE row = @row";
        command.Parameters.AddWithValue("@row", row);
        return (string)command.ExecuteScalar()!;
    }

    /// <summary>The rows of every class, each class's in the ordinal order of their hashes (what the splitter wants).</summary>
    public Dictionary<string, List<int>> RowsByClassInHashOrder()
    {
        Commit();
        // One sort of the whole table by hash (SQLite sorts on disk past its cache), then one pass.
        Execute($"CREATE INDEX IF NOT EXISTS {Table}_by_hash ON {Table} (hash)");
        using var command = _connection.CreateCommand();
        command.CommandText = $"SELECT row, class FROM {Table} ORDER BY hash";
        using var reader = command.ExecuteReader();
        var rows = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        while (reader.Read())
        {
            var className = reader.GetString(1);
            if (!rows.TryGetValue(className, out var list)) rows[className] = list = [];
            list.Add(reader.GetInt32(0));
        }
        return rows;
    }

    /// <summary>Sets every row's split: splits[row] (splits[0] is unused).</summary>
    public void SetSplits(SplitName[] splits)
    {
        Commit();
        using var transaction = _connection.BeginTransaction();
        using var command = _connection.CreateCommand();
        command.CommandText = $"UPDATE {Table} SET split = @split WHERE row = @row";
        var (split, row) = (command.Parameters.Add("@split", SqliteType.Integer), command.Parameters.Add("@row", SqliteType.Integer));
        for (var i = 1; i <= Count; i++)
        {
            (split.Value, row.Value) = ((int)splits[i], i);
            command.ExecuteNonQuery();
        }
        transaction.Commit();
    }

    public void Dispose()
    {
        _transaction?.Dispose();
        _insert.Dispose();
        _connection.Dispose();
        File.Delete(Path);
    }

    /// <summary>Deletes the scratch files of imports that were killed (none runs while the catalog starts).</summary>
    public static void DeleteLeftovers(string folder)
    {
        foreach (var file in Directory.EnumerateFiles(folder, "*" + Extension)) File.Delete(file);
    }

    private void Commit()
    {
        _transaction?.Commit();
        _transaction?.Dispose();
        _transaction = null;
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
