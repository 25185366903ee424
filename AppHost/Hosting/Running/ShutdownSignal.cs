using System.Runtime.InteropServices;

namespace ImbalanceMesh.AppHost.Hosting.Running;

/// <summary>Ctrl+C (SIGINT), SIGTERM and SIGQUIT become one cancellation: stop the children, then exit.</summary>
public sealed class ShutdownSignal : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly PosixSignalRegistration[] _registrations;

    public ShutdownSignal()
    {
        _registrations =
        [
            .. new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGQUIT }.Select(signal =>
                PosixSignalRegistration.Create(signal, context =>
                {
                    context.Cancel = true; // keep the process alive until the children are stopped
                    _stop.Cancel();
                })),
        ];
    }

    public CancellationToken Token => _stop.Token;

    public void Dispose()
    {
        foreach (var registration in _registrations) registration.Dispose();
        _stop.Dispose();
    }
}
