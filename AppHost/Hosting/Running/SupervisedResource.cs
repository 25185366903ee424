using ImbalanceMesh.AppHost.Hosting.Cli;

namespace ImbalanceMesh.AppHost.Hosting.Running;

/// <summary>
/// One resource's process through its life: start, wait until healthy, watch, restart after a crash with back-off,
/// give up (Failed) after too many restarts, stop.
/// </summary>
public sealed class SupervisedResource(
    string name,
    string endpoint,
    Func<LaunchSpec> launchSpec,
    IHealthProbe probe,
    RestartPolicy policy,
    MeshConsole console,
    RunRecord record) : IDisposable
{
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan WatchInterval = TimeSpan.FromSeconds(2);

    private ChildProcess? _child;

    public string Name { get; } = name;
    public string Endpoint { get; } = endpoint;
    public ResourceState State { get; private set; } = ResourceState.Waiting;
    public string Health { get; private set; } = "-";
    public int Restarts { get; private set; }
    public int? Pid => _child is { Exited.IsCompleted: false } child ? child.Pid : null;

    /// <summary>Starts the process and returns once it is healthy; a person-readable AppHostException otherwise.</summary>
    public async Task StartAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        _child = ChildProcess.Start(Name, launchSpec(), line => console.Log(Name, line));
        record.ChildStarted(Name, _child.Pid);
        SetState(ResourceState.Starting);
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (_child.Exited.IsCompleted)
            {
                var output = _child.LastLines;
                throw new AppHostException($"{Name} exited with code {await _child.Exited} while starting" +
                                           (output.Length > 0 ? $"; its last output:\n{output}" : "."));
            }
            var (healthy, status) = await probe.CheckAsync(cancellationToken);
            Health = status;
            if (healthy) break;
            if (DateTime.UtcNow > deadline)
            {
                await _child.StopAsync(StopGrace);
                throw new AppHostException(
                    $"{Name} did not become healthy within {timeout.TotalSeconds:0} s (last health: {status}).");
            }
            await Task.Delay(PollInterval, cancellationToken);
        }
        SetState(ResourceState.Running);
    }

    /// <summary>Watches health and restarts the process after a crash until <paramref name="stop"/>.</summary>
    public async Task SuperviseAsync(TimeSpan startTimeout, CancellationToken stop)
    {
        try
        {
            while (_child is not null && State is not ResourceState.Failed)
            {
                await Task.WhenAny(_child.Exited, Task.Delay(WatchInterval, stop));
                stop.ThrowIfCancellationRequested();
                if (_child.Exited.IsCompleted) await RestartAsync(startTimeout, stop);
                else Health = (await probe.CheckAsync(stop)).Status;
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Shutting down: StopAsync takes it from here.
        }
    }

    public async Task StopAsync()
    {
        if (_child is null || State is ResourceState.Stopped) return;
        SetState(ResourceState.Stopping);
        await _child.StopAsync(StopGrace);
        SetState(ResourceState.Stopped);
    }

    public void Dispose()
    {
        _child?.Dispose();
        probe.Dispose();
    }

    private async Task RestartAsync(TimeSpan startTimeout, CancellationToken stop)
    {
        var exitCode = await _child!.Exited;
        Health = $"exit {exitCode}";
        if (Restarts >= policy.MaxRestarts)
        {
            SetState(ResourceState.Failed);
            console.Error($"{Name} exited with code {exitCode} and was restarted {Restarts} times already: giving up. " +
                          $"Its last output:\n{_child.LastLines}");
            return;
        }
        Restarts++;
        var delay = policy.DelayBefore(Restarts);
        SetState(ResourceState.Restarting);
        console.Warn($"{Name} exited with code {exitCode}; restart {Restarts}/{policy.MaxRestarts} in {delay.TotalSeconds:0.#} s.");
        // The delay also absorbs Ctrl+C racing a child that got the same SIGINT: no restart once stop is requested.
        await Task.Delay(delay, stop);
        _child.Dispose();
        try
        {
            await StartAsync(startTimeout, stop);
        }
        catch (AppHostException e)
        {
            console.Warn(e.Message);
        }
    }

    private void SetState(ResourceState state)
    {
        State = state;
        console.StateChanged(this);
    }
}
