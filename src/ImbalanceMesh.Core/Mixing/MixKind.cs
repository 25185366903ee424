namespace ImbalanceMesh.Core.Mixing;

public enum MixKind
{
    None,
    Mixup,
    CutMix,
}
