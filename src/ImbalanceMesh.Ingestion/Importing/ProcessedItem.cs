using ImbalanceMesh.Imaging.Decoding;

namespace ImbalanceMesh.Ingestion.Importing;

/// <summary>A decoded, hashed file of one import block (Hex is the hash as the catalog stores it).</summary>
internal sealed record ProcessedContent(ContentHash Hash, string Hex, byte[] Original, DecodedImage Image);

/// <summary>One file of an import block after decoding: its content, or why it was rejected.</summary>
internal sealed record ProcessedItem(ImportItem Item, ProcessedContent? Content, string? Rejection)
{
    public static ProcessedItem Rejected(ImportItem item, string reason) => new(item, null, reason);
}
