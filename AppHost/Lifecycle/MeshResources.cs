namespace ImbalanceMesh.AppHost.Lifecycle;

/// <summary>The resources the mesh is made of: the cache and the services (not parameters, not the dashboard).</summary>
public static class MeshResources
{
    public static IReadOnlyList<IResource> Of(DistributedApplicationModel model) =>
        [.. model.Resources.Where(r => r is ProjectResource or (IResourceWithConnectionString and IResourceWithEndpoints))];

    public static bool IsTerminal(string? state) =>
        state == KnownResourceStates.Exited || state == KnownResourceStates.Finished || state == KnownResourceStates.FailedToStart;
}
