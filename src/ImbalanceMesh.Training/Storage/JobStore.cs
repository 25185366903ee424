using Google.Protobuf;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Storage;
using ImbalanceMesh.Training.Configuration;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace ImbalanceMesh.Training.Storage;

/// <summary>Jobs in SQLite (WAL) under DataRoot/jobs.db: the Job message plus what resuming needs.</summary>
public sealed class JobStore
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS jobs (
            id TEXT PRIMARY KEY,
            created_utc TEXT NOT NULL,
            state INTEGER NOT NULL,
            job BLOB NOT NULL,
            progress BLOB NOT NULL
        );
        """;

    private readonly SqliteDatabase _database;

    public JobStore(IOptions<TrainingOptions> options) =>
        _database = new SqliteDatabase(
            Path.Combine(options.Value.FullDataRoot, "jobs.db"), Schema, busyTimeout: TimeSpan.FromSeconds(30));

    public void Save(StoredJob stored)
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO jobs (id, created_utc, state, job, progress) VALUES (@id, @created, @state, @job, @progress)
            ON CONFLICT(id) DO UPDATE SET state = excluded.state, job = excluded.job, progress = excluded.progress
            """;
        command.Parameters.AddWithValue("@id", stored.Job.JobId);
        command.Parameters.AddWithValue("@created", stored.Job.CreatedUtc);
        command.Parameters.AddWithValue("@state", (int)stored.Job.State);
        command.Parameters.AddWithValue("@job", stored.Job.ToByteArray());
        command.Parameters.AddWithValue("@progress", stored.Progress.ToBytes());
        command.ExecuteNonQuery();
    }

    public StoredJob? Find(string jobId)
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT job, progress FROM jobs WHERE id = @id";
        command.Parameters.AddWithValue("@id", jobId);
        return Read(command).SingleOrDefault();
    }

    /// <summary>All jobs, oldest first.</summary>
    public IReadOnlyList<StoredJob> List()
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT job, progress FROM jobs ORDER BY created_utc, id";
        return Read(command);
    }

    private static List<StoredJob> Read(SqliteCommand command)
    {
        var jobs = new List<StoredJob>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
            jobs.Add(new StoredJob(Job.Parser.ParseFrom((byte[])reader[0]), JobProgress.FromBytes((byte[])reader[1])));
        return jobs;
    }
}
