namespace ImbalanceMesh.Imaging.Preprocessing;

/// <summary>How pixels that a transform moves in from outside the source are filled (Keras fill_mode).</summary>
public enum FillMode
{
    /// <summary>Edge pixel repeated (aaaa|abcd|dddd).</summary>
    Nearest,
    /// <summary>Mirrored (dcba|abcd|dcba).</summary>
    Reflect,
    /// <summary>Tiled (abcd|abcd|abcd).</summary>
    Wrap,
    /// <summary>A constant grey value (kkkk|abcd|kkkk).</summary>
    Constant,
}
