using Grpc.Core;
using ImbalanceMesh.Contracts.V1;

namespace ImbalanceMesh.Evaluation.Tests.Support;

public static class Artifacts
{
    public static async Task<(string FileName, byte[] Bytes)> DownloadAsync(this EvaluationService.EvaluationServiceClient client,
        string id, ArtifactKind kind)
    {
        using var call = client.DownloadArtifact(new ArtifactRequest { ReportId = id, Kind = kind });
        using var bytes = new MemoryStream();
        var name = "";
        await foreach (var chunk in call.ResponseStream.ReadAllAsync())
        {
            if (name.Length == 0) name = chunk.FileName;
            chunk.Data.WriteTo(bytes);
        }
        return (name, bytes.ToArray());
    }
}
