using System.Net;
using System.Net.Sockets;
using ImbalanceMesh.AppHost.Hosting.Cli;
using ImbalanceMesh.AppHost.Hosting.Model;

namespace ImbalanceMesh.AppHost.Hosting.Running;

/// <summary>One loopback port per resource: free ones from the OS, or base, base+1, ... checked to be free.</summary>
public static class PortAllocator
{
    public static IReadOnlyDictionary<string, int> Allocate(ResourceGraph graph, int? portBase)
    {
        var ports = new Dictionary<string, int>();
        var held = new List<TcpListener>();
        try
        {
            foreach (var (resource, index) in graph.Resources.Select((r, i) => (r, i)))
            {
                var wanted = portBase is { } b ? b + index : 0;
                var listener = new TcpListener(IPAddress.Loopback, wanted);
                try
                {
                    listener.Start();
                }
                catch (SocketException e) when (e.SocketErrorCode is SocketError.AddressAlreadyInUse or SocketError.AccessDenied)
                {
                    throw new AppHostException(
                        $"{resource.Name}: port {wanted} on 127.0.0.1 is already in use (--port-base {portBase} gives " +
                        $"{resource.Name} port {portBase}+{index}). Stop what listens there or choose another --port-base.");
                }
                // Held until every port is chosen, so the OS cannot hand the same free port out twice.
                held.Add(listener);
                ports[resource.Name] = ((IPEndPoint)listener.LocalEndpoint).Port;
            }
        }
        finally
        {
            foreach (var listener in held) listener.Stop();
        }
        return ports;
    }
}
