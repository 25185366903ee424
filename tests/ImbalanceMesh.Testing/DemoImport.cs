using Grpc.Core;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Imaging.Demo;

namespace ImbalanceMesh.Testing;

/// <summary>The demo shapes written as a class-per-folder tree and imported into a running ingestion service.</summary>
public static class DemoImport
{
    public static async Task WriteAndImportAsync(IngestionService.IngestionServiceClient ingestion, string folder, string dataset,
        IReadOnlyDictionary<string, int> counts, int size, SplitFractions? split, long seed)
    {
        DemoDataset.WriteTo(folder, counts, size: size);
        using var import = ingestion.ImportFolder(new ImportFolderRequest
        {
            Options = new ImportOptions { Dataset = dataset, Split = split, Seed = seed },
            Path = folder,
        });
        await foreach (var _ in import.ResponseStream.ReadAllAsync()) { }
    }
}
