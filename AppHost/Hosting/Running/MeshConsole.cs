using Spectre.Console;

namespace ImbalanceMesh.AppHost.Hosting.Running;

/// <summary>
/// All AppHost output, serialized. On a terminal: a live status table with each child's lines scrolling above it.
/// Redirected (CI, pipes, --run): plain lines, with state changes as lines of their own.
/// </summary>
public sealed class MeshConsole(bool interactive)
{
    private const string Self = "apphost";
    private static readonly string[] Palette = ["aqua", "green", "yellow", "fuchsia", "blue", "orange1", "purple"];

    private readonly Lock _lock = new();
    private readonly Dictionary<string, string> _colors = [];

    public bool Interactive { get; } = interactive;

    public void Log(string resource, string line)
    {
        lock (_lock)
        {
            if (Interactive)
                AnsiConsole.MarkupLine($"[{Color(resource)}]{Markup.Escape(resource),-12}[/]| {Markup.Escape(line)}");
            else
                Console.Out.WriteLine($"{resource,-12}| {line}");
        }
    }

    public void Info(string message) => Log(Self, message);

    public void Warn(string message) => Write("yellow", message);

    public void Error(string message) => Write("red", message);

    public void StateChanged(SupervisedResource resource)
    {
        // The live table shows states on a terminal; elsewhere each change is a line.
        if (Interactive) return;
        var pid = resource.Pid is { } p ? $" (pid {p})" : "";
        Info($"{resource.Name}: {resource.State} {resource.Endpoint}{pid}");
    }

    /// <summary>Redraws the status table until <paramref name="until"/> is cancelled; a no-op when not interactive.</summary>
    public async Task ShowStatusAsync(IReadOnlyList<SupervisedResource> resources, CancellationToken until)
    {
        if (!Interactive) return;
        await AnsiConsole.Live(StatusTable(resources)).AutoClear(false).StartAsync(async live =>
        {
            while (!until.IsCancellationRequested)
            {
                lock (_lock)
                {
                    live.UpdateTarget(StatusTable(resources));
                    live.Refresh();
                }
                try { await Task.Delay(500, until); }
                catch (OperationCanceledException) { }
            }
            lock (_lock) live.UpdateTarget(StatusTable(resources));
        });
    }

    private void Write(string color, string message)
    {
        lock (_lock)
        {
            if (Interactive)
                AnsiConsole.MarkupLine($"[{color}]{Self,-12}| {Markup.Escape(message)}[/]");
            else
                Console.Error.WriteLine($"{Self,-12}| {message}");
        }
    }

    private string Color(string resource)
    {
        if (!_colors.TryGetValue(resource, out var color))
            _colors[resource] = color = Palette[_colors.Count % Palette.Length];
        return color;
    }

    private static Table StatusTable(IReadOnlyList<SupervisedResource> resources)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumns("name", "state", "endpoint", "health", "restarts", "pid");
        foreach (var r in resources)
        {
            var stateColor = r.State switch
            {
                ResourceState.Running => "green",
                ResourceState.Failed => "red",
                ResourceState.Restarting or ResourceState.Starting => "yellow",
                _ => "grey",
            };
            table.AddRow(
                Markup.Escape(r.Name),
                $"[{stateColor}]{r.State}[/]",
                Markup.Escape(r.Endpoint),
                Markup.Escape(r.Health),
                r.Restarts.ToString(),
                r.Pid?.ToString() ?? "-");
        }
        return table;
    }
}
