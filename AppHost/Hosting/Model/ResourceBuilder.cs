namespace ImbalanceMesh.AppHost.Hosting.Model;

/// <summary>Fluent handle on a declared resource, shaped like Aspire's IResourceBuilder.</summary>
public sealed class ResourceBuilder<T>(T resource) where T : MeshResource
{
    public T Resource { get; } = resource;

    /// <summary>Passes the referenced resource's connection string or URL to this one (Aspire's WithReference).</summary>
    public ResourceBuilder<T> WithReference<TOther>(ResourceBuilder<TOther> other) where TOther : MeshResource
    {
        Resource.AddReference(other.Resource);
        return this;
    }

    /// <summary>Starts this resource only once <paramref name="other"/> is healthy (Aspire's WaitFor).</summary>
    public ResourceBuilder<T> WaitFor<TOther>(ResourceBuilder<TOther> other) where TOther : MeshResource
    {
        Resource.AddWaitFor(other.Resource);
        return this;
    }
}

public static class ProjectResourceBuilderExtensions
{
    /// <summary>Declares state that deployments keep in a named volume (compose volume, Kubernetes PVC).</summary>
    public static ResourceBuilder<ProjectResource> WithDataVolume(
        this ResourceBuilder<ProjectResource> builder, string volumeName, string relativePath)
    {
        builder.Resource.AddVolume(new DataVolume(volumeName, relativePath));
        return builder;
    }

    /// <summary>Sets an environment variable for the service when run and in every deployment (Aspire's WithEnvironment).</summary>
    public static ResourceBuilder<ProjectResource> WithEnvironment(
        this ResourceBuilder<ProjectResource> builder, string name, string value)
    {
        builder.Resource.SetEnvironment(name, value);
        return builder;
    }

    /// <summary>Lets deployments give the service GPUs (off unless asked for at publish time).</summary>
    public static ResourceBuilder<ProjectResource> WithGpuSupport(this ResourceBuilder<ProjectResource> builder)
    {
        builder.Resource.MarkGpu();
        return builder;
    }
}
