using Microsoft.Data.Sqlite;

namespace ImbalanceMesh.Storage;

/// <summary>
/// A SQLite database file in WAL mode (readers never wait for the writer), with its schema created when this is
/// constructed. Open a connection per unit of work; pooling keeps that cheap.
/// </summary>
public sealed class SqliteDatabase
{
    private readonly string _connectionString;

    /// <param name="path">The database file; its folder is created if missing.</param>
    /// <param name="schema">Idempotent SQL (CREATE ... IF NOT EXISTS) run once, after WAL is switched on.</param>
    /// <param name="busyTimeout">How long a statement waits for another connection's lock before it fails.</param>
    public SqliteDatabase(string path, string schema, TimeSpan busyTimeout)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Pooling = true,
            DefaultTimeout = (int)busyTimeout.TotalSeconds,
        }.ToString();
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode = WAL;\n" + schema;
        command.ExecuteNonQuery();
    }

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }
}
