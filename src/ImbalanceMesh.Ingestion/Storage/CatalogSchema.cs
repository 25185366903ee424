namespace ImbalanceMesh.Ingestion.Storage;

/// <summary>
/// The SQLite catalog. A version row is written in the same transaction as all its classes, parts, samples and new
/// blob locations (that commit is the seal), so no reader ever sees a half version; triggers make sealed rows immutable.
/// A sample row belongs to the version that added it (samples.version_id); a version holds the samples of its parts:
/// itself and every part of the version it was built on, so a new version adds rows only for what it adds and shares
/// the rest. Sample ids only grow (rows are never deleted), so a version's samples in id order are its parts' samples
/// part after part. Versions sealed before parts existed copied their base's rows: they are their own only part (the
/// INSERT at the end gives them that on start-up).
/// A version_resize row records the side a version's images were resized to at import (ImportOptions.resize); a
/// version without one stores them at their decoded size (its own table, so catalogs from before it need no migration).
/// A blob row says where a content (by SHA-256) lives: its original bytes at pack_offset in the pack, its decoded
/// pixels right after them.
/// </summary>
public static class CatalogSchema
{
    public const string Create = """
        CREATE TABLE IF NOT EXISTS datasets (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            created_utc TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS versions (
            id INTEGER PRIMARY KEY,
            dataset_id INTEGER NOT NULL REFERENCES datasets(id),
            number INTEGER NOT NULL,
            sealed_utc TEXT NOT NULL,
            split_train REAL NOT NULL, split_val REAL NOT NULL, split_test REAL NOT NULL,
            seed INTEGER NOT NULL,
            samples INTEGER NOT NULL,
            bytes INTEGER NOT NULL,
            UNIQUE (dataset_id, number));
        CREATE TABLE IF NOT EXISTS classes (
            version_id INTEGER NOT NULL REFERENCES versions(id),
            idx INTEGER NOT NULL,
            name TEXT NOT NULL,
            PRIMARY KEY (version_id, idx));
        CREATE TABLE IF NOT EXISTS samples (
            id INTEGER PRIMARY KEY,
            version_id INTEGER NOT NULL REFERENCES versions(id),
            hash TEXT NOT NULL,
            class TEXT NOT NULL,
            split INTEGER NOT NULL,
            width INTEGER NOT NULL,
            height INTEGER NOT NULL,
            channels INTEGER NOT NULL,
            bytes INTEGER NOT NULL,
            format TEXT NOT NULL,
            source TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS version_parts (
            version_id INTEGER NOT NULL REFERENCES versions(id),
            part_id INTEGER NOT NULL REFERENCES versions(id),
            PRIMARY KEY (version_id, part_id)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS version_resize (
            version_id INTEGER PRIMARY KEY REFERENCES versions(id),
            size INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS blobs (
            hash TEXT PRIMARY KEY,
            pack TEXT NOT NULL,
            pack_offset INTEGER NOT NULL,
            length INTEGER NOT NULL,
            pixels_length INTEGER NOT NULL) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS blobs_by_pack ON blobs (pack);
        CREATE INDEX IF NOT EXISTS samples_by_version_split ON samples (version_id, split, id);
        CREATE TRIGGER IF NOT EXISTS versions_sealed_update BEFORE UPDATE ON versions
            BEGIN SELECT RAISE(ABORT, 'sealed dataset versions are immutable'); END;
        CREATE TRIGGER IF NOT EXISTS versions_sealed_delete BEFORE DELETE ON versions
            BEGIN SELECT RAISE(ABORT, 'sealed dataset versions are immutable'); END;
        CREATE TRIGGER IF NOT EXISTS classes_sealed_update BEFORE UPDATE ON classes
            BEGIN SELECT RAISE(ABORT, 'sealed dataset versions are immutable'); END;
        CREATE TRIGGER IF NOT EXISTS classes_sealed_delete BEFORE DELETE ON classes
            BEGIN SELECT RAISE(ABORT, 'sealed dataset versions are immutable'); END;
        CREATE TRIGGER IF NOT EXISTS version_parts_sealed_update BEFORE UPDATE ON version_parts
            BEGIN SELECT RAISE(ABORT, 'sealed dataset versions are immutable'); END;
        CREATE TRIGGER IF NOT EXISTS version_parts_sealed_delete BEFORE DELETE ON version_parts
            BEGIN SELECT RAISE(ABORT, 'sealed dataset versions are immutable'); END;
        CREATE TRIGGER IF NOT EXISTS version_resize_sealed_update BEFORE UPDATE ON version_resize
            BEGIN SELECT RAISE(ABORT, 'sealed dataset versions are immutable'); END;
        CREATE TRIGGER IF NOT EXISTS version_resize_sealed_delete BEFORE DELETE ON version_resize
            BEGIN SELECT RAISE(ABORT, 'sealed dataset versions are immutable'); END;
        CREATE TRIGGER IF NOT EXISTS blobs_sealed_update BEFORE UPDATE ON blobs
            BEGIN SELECT RAISE(ABORT, 'stored blobs are immutable'); END;
        CREATE TRIGGER IF NOT EXISTS blobs_sealed_delete BEFORE DELETE ON blobs
            BEGIN SELECT RAISE(ABORT, 'stored blobs are immutable'); END;
        CREATE TRIGGER IF NOT EXISTS samples_sealed_update BEFORE UPDATE ON samples
            BEGIN SELECT RAISE(ABORT, 'sealed dataset versions are immutable'); END;
        CREATE TRIGGER IF NOT EXISTS samples_sealed_delete BEFORE DELETE ON samples
            BEGIN SELECT RAISE(ABORT, 'sealed dataset versions are immutable'); END;
        INSERT INTO version_parts (version_id, part_id)
            SELECT id, id FROM versions v WHERE NOT EXISTS (SELECT 1 FROM version_parts p WHERE p.version_id = v.id);
        """;
}
