using ImbalanceMesh.AppHost.Hosting.Model;
using ImbalanceMesh.AppHost.Tests.Support;

namespace ImbalanceMesh.AppHost.Tests.Unit;

public class ResourceGraphTests
{
    [Fact]
    public void The_declared_graph_has_the_cache_and_four_services_with_their_references()
    {
        var graph = Mesh.Graph();

        Assert.Equal(["cache", .. Mesh.Services], graph.Resources.Select(r => r.Name));
        Assert.IsType<RedisResource>(graph["cache"]);
        Assert.Empty(graph["ingestion"].References);
        Assert.Equal(["cache", "ingestion"], graph["augmentation"].References.Select(r => r.Name));
        Assert.Equal(["cache", "ingestion", "augmentation"], graph["training"].References.Select(r => r.Name));
        Assert.Equal(["ingestion", "training"], graph["evaluation"].References.Select(r => r.Name));
        foreach (var project in graph.Projects) Assert.True(File.Exists(project.ProjectFile), project.ProjectFile);
    }

    [Fact]
    public void Start_order_puts_every_resource_after_what_it_waits_for_and_references()
    {
        var order = Mesh.Graph().StartOrder.ToList();

        foreach (var resource in order)
        foreach (var dependency in resource.WaitsFor.Concat(resource.References))
            Assert.True(order.IndexOf(dependency) < order.IndexOf(resource), $"{dependency.Name} before {resource.Name}");
    }

    [Fact]
    public void A_cycle_is_refused_with_the_resource_named()
    {
        var app = new MeshAppBuilder("/tmp");
        var a = app.AddProject("alpha", "alpha");
        var b = app.AddProject("beta", "beta").WaitFor(a);
        a.WithReference(b);

        var error = Assert.Throws<InvalidOperationException>(() => app.Build());
        Assert.Contains("depends on itself", error.Message);
    }

    [Theory]
    [InlineData("Cache")]
    [InlineData("my_cache")]
    [InlineData("1cache")]
    [InlineData("")]
    public void Names_that_cannot_be_dns_labels_or_env_segments_are_refused(string name)
    {
        var error = Assert.Throws<ArgumentException>(() => new MeshAppBuilder("/tmp").AddRedis(name));
        Assert.Contains("is not allowed", error.Message);
    }

    [Fact]
    public void A_name_declared_twice_or_taken_by_a_password_parameter_is_refused()
    {
        var app = new MeshAppBuilder("/tmp");
        app.AddRedis("cache");

        Assert.Contains("already declared", Assert.Throws<ArgumentException>(() => app.AddProject("cache", "x")).Message);
        Assert.Contains("password parameter",
            Assert.Throws<ArgumentException>(() => app.AddProject("cache-password", "x")).Message);
    }
}
