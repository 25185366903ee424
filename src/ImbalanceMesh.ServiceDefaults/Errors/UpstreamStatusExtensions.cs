using ImbalanceMesh.ServiceDefaults.Errors;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

public static class UpstreamStatusExtensions
{
    /// <summary>Errors of this client's calls name the service that answered (<see cref="UpstreamStatusInterceptor"/>).</summary>
    public static IHttpClientBuilder NamingUpstreamErrors(this IHttpClientBuilder client, string serviceName) =>
        client.AddInterceptor(() => new UpstreamStatusInterceptor(serviceName));
}
