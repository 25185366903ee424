using System.Buffers.Binary;
using System.Security.Cryptography;

namespace ImbalanceMesh.Ingestion.Importing;

/// <summary>
/// A content's SHA-256 as a 32-byte value: what an import keeps in memory per sample to de-duplicate (a 64-character
/// hex string is ~150 bytes on the heap and one more object for the GC). The catalog stores the lowercase hex.
/// </summary>
public readonly struct ContentHash : IEquatable<ContentHash>
{
    private const int Bytes = 32;
    private readonly ulong _a, _b, _c, _d;

    private ContentHash(ReadOnlySpan<byte> hash) =>
        (_a, _b, _c, _d) = (BinaryPrimitives.ReadUInt64BigEndian(hash), BinaryPrimitives.ReadUInt64BigEndian(hash[8..]),
            BinaryPrimitives.ReadUInt64BigEndian(hash[16..]), BinaryPrimitives.ReadUInt64BigEndian(hash[24..]));

    public static ContentHash Of(ReadOnlySpan<byte> content)
    {
        Span<byte> hash = stackalloc byte[Bytes];
        SHA256.HashData(content, hash);
        return new ContentHash(hash);
    }

    /// <summary>From the catalog's 64-character hex form.</summary>
    public static ContentHash Parse(string hex)
    {
        Span<byte> hash = stackalloc byte[Bytes];
        if (hex.Length != 2 * Bytes || Convert.FromHexString(hex, hash, out _, out _) != System.Buffers.OperationStatus.Done)
            throw new FormatException($"'{hex}' is not a SHA-256 in hex.");
        return new ContentHash(hash);
    }

    /// <summary>The lowercase hex form the catalog stores.</summary>
    public override string ToString()
    {
        Span<byte> hash = stackalloc byte[Bytes];
        BinaryPrimitives.WriteUInt64BigEndian(hash, _a);
        BinaryPrimitives.WriteUInt64BigEndian(hash[8..], _b);
        BinaryPrimitives.WriteUInt64BigEndian(hash[16..], _c);
        BinaryPrimitives.WriteUInt64BigEndian(hash[24..], _d);
        return Convert.ToHexStringLower(hash);
    }

    public bool Equals(ContentHash other) => _a == other._a && _b == other._b && _c == other._c && _d == other._d;

    public override bool Equals(object? obj) => obj is ContentHash other && Equals(other);

    // SHA-256 bits are uniform: any 32 of them are a good hash code.
    public override int GetHashCode() => (int)_d;

    public static bool operator ==(ContentHash left, ContentHash right) => left.Equals(right);

    public static bool operator !=(ContentHash left, ContentHash right) => !left.Equals(right);
}
