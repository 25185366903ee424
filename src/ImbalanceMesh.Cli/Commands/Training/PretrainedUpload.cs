using Google.Protobuf;
using ImbalanceMesh.Contracts.V1;

namespace ImbalanceMesh.Cli.Commands.Training;

/// <summary>Sends a local state dict to TrainingService.UploadPretrained in 1 MiB chunks; the service keeps it by SHA-256.</summary>
public static class PretrainedUpload
{
    public static async Task<PretrainedWeights> SendAsync(TrainingService.TrainingServiceClient client, string path, CancellationToken ct)
    {
        Stream file;
        try
        {
            file = File.OpenRead(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"--pretrained {path} cannot be read: {e.Message}");
        }
        await using (file)
        {
            using var call = client.UploadPretrained(cancellationToken: ct);
            var buffer = new byte[SampleUploader.ChunkBytes];
            var first = true;
            int read;
            while ((read = await file.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, ct)) > 0)
            {
                await call.RequestStream.WriteAsync(new PretrainedChunk
                {
                    FileName = first ? Path.GetFileName(path) : "",
                    Data = ByteString.CopyFrom(buffer, 0, read),
                }, ct);
                first = false;
            }
            await call.RequestStream.CompleteAsync();
            return await call;
        }
    }
}
