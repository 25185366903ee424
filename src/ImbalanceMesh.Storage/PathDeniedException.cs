namespace ImbalanceMesh.Storage;

/// <summary>A file that may not be opened: it leads outside the allowed roots or into a loop of links.</summary>
public sealed class PathDeniedException(string reason) : IOException(reason);
