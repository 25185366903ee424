using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace ImbalanceMesh.Storage.Tests;

public sealed class SqliteDatabaseTests : IDisposable
{
    private const string Schema = "CREATE TABLE IF NOT EXISTS items (id INTEGER PRIMARY KEY, name TEXT NOT NULL);";

    private readonly string _root = Directory.CreateTempSubdirectory("imesh-sqlite-").FullName;

    private string DatabasePath => Path.Combine(_root, "nested", "state.db");

    [Fact]
    public void A_new_database_gets_its_folder_its_schema_and_WAL()
    {
        var database = new SqliteDatabase(DatabasePath, Schema, TimeSpan.FromSeconds(5));

        using var connection = database.Open();
        Assert.Equal("wal", Scalar(connection, "PRAGMA journal_mode"));
        Execute(connection, "INSERT INTO items (name) VALUES ('a')");
        Assert.Equal(1L, Scalar(connection, "SELECT COUNT(*) FROM items"));
    }

    [Fact]
    public void Opening_an_existing_database_keeps_its_rows()
    {
        using (var first = new SqliteDatabase(DatabasePath, Schema, TimeSpan.FromSeconds(5)).Open())
            Execute(first, "INSERT INTO items (name) VALUES ('kept')");

        using var again = new SqliteDatabase(DatabasePath, Schema, TimeSpan.FromSeconds(5)).Open();

        Assert.Equal("kept", Scalar(again, "SELECT name FROM items"));
    }

    [Fact]
    public async Task A_writer_waits_for_another_writers_lock_within_the_busy_timeout_and_fails_after_it()
    {
        var patient = new SqliteDatabase(DatabasePath, Schema, TimeSpan.FromSeconds(30));
        var impatient = new SqliteDatabase(DatabasePath, Schema, TimeSpan.FromSeconds(1));
        using var holder = patient.Open();
        using var transaction = holder.BeginTransaction(); // a write lock from the first write on
        Execute(holder, "INSERT INTO items (name) VALUES ('holder')");

        using (var refused = impatient.Open())
        {
            var waited = Stopwatch.StartNew();
            var busy = Assert.Throws<SqliteException>(() => Execute(refused, "INSERT INTO items (name) VALUES ('x')"));
            Assert.Equal(5, busy.SqliteErrorCode); // SQLITE_BUSY
            Assert.InRange(waited.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(20)); // its 1 s, not the other's 30
        }

        using var waiting = patient.Open();
        var write = Task.Run(() => Execute(waiting, "INSERT INTO items (name) VALUES ('waited')"));
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        Assert.False(write.IsCompleted);
        transaction.Commit();
        await write;
        Assert.Equal(2L, Scalar(waiting, "SELECT COUNT(*) FROM items"));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_root, recursive: true);
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
