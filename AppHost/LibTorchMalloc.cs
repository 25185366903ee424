namespace ImbalanceMesh.AppHost;

/// <summary>
/// glibc gives each thread that runs libtorch its own malloc arena, whose 64 MB heaps are unmapped whenever a large
/// activation is freed, so the next forward pass page-faults them back in: 64 px inference at batch 256 ran 4.4× slower
/// (docs/BENCHMARKS.md, Evaluation). One arena keeps the memory. glibc reads this only at process start, so the
/// services cannot set it themselves.
/// </summary>
public static class LibTorchMalloc
{
    public const string Variable = "MALLOC_ARENA_MAX";
    public const string OneArena = "1";

    public static IResourceBuilder<ProjectResource> WithOneMallocArena(this IResourceBuilder<ProjectResource> service) =>
        service.WithEnvironment(Variable, OneArena);
}
