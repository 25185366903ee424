namespace ImbalanceMesh.AppHost.Tests.Integration;

/// <summary>Tests that start whole meshes run one after another: two cores cannot start several at once in time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MeshCollection
{
    public const string Name = "mesh processes";
}
