namespace ImbalanceMesh.Core.Splitting;

public enum SplitName
{
    Train = 1,
    Val = 2,
    Test = 3,
}
