namespace ImbalanceMesh.Storage;

/// <summary>Resolving a path met more symbolic links than any real chain has: they form a loop.</summary>
public sealed class SymlinkLoopException(string path)
    : IOException($"'{path}' is a loop of symbolic links (more than {RealPath.MaxLinks} links)");
