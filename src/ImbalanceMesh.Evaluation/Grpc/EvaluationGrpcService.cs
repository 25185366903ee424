using Google.Protobuf;
using Grpc.Core;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Evaluation.Comparing;
using ImbalanceMesh.Evaluation.Evaluating;
using ImbalanceMesh.Evaluation.Models;
using ImbalanceMesh.Evaluation.Predicting;
using ImbalanceMesh.Evaluation.Reports;
using ImbalanceMesh.Evaluation.Telemetry;
using ImbalanceMesh.ServiceDefaults.Errors;

namespace ImbalanceMesh.Evaluation.Grpc;

/// <summary>imbalancemesh.v1.Evaluation RPC handlers.</summary>
public sealed class EvaluationGrpcService(
    EvaluationRunner runner, ArtifactStore store, ComparisonArtifacts comparisonArtifacts, ModelResolver resolver, ModelLoader loader,
    EvaluationMetrics metrics)
    : EvaluationService.EvaluationServiceBase
{
    private const int ChunkBytes = 1 << 20;
    public const int MaxCompared = 20;
    public const int MaxTopK = 100;

    public override Task<Report> Evaluate(EvaluateRequest request, ServerCallContext context) =>
        runner.EvaluateAsync(request, context.CancellationToken);

    public override Task<Report> GetReport(ReportRef request, ServerCallContext context) =>
        Task.FromResult(store.LoadReport(request.ReportId.Trim()));

    public override async Task DownloadArtifact(ArtifactRequest request, IServerStreamWriter<ArtifactChunk> responseStream,
        ServerCallContext context)
    {
        var extension = request.Kind switch
        {
            ArtifactKind.ArtifactJson => "json",
            ArtifactKind.ArtifactHtml => "html",
            _ => throw MeshException.Invalid("kind must be ARTIFACT_JSON or ARTIFACT_HTML"),
        };
        var path = store.ArtifactPath(request.ReportId.Trim(), extension);
        await using var file = File.OpenRead(path);
        var buffer = new byte[ChunkBytes];
        var first = true;
        int read;
        while ((read = await file.ReadAsync(buffer, context.CancellationToken)) > 0 || first)
        {
            await responseStream.WriteAsync(new ArtifactChunk
            {
                FileName = first ? Path.GetFileName(path) : "",
                Data = ByteString.CopyFrom(buffer, 0, read),
            }, context.CancellationToken);
            first = false;
        }
    }

    public override Task<Comparison> Compare(CompareRequest request, ServerCallContext context)
    {
        var ids = request.ReportIds.Select(id => id.Trim()).ToList();
        if (ids.Count == 0)
            throw MeshException.Invalid("report_ids is empty: give the baseline report first, then the others");
        if (ids.Count > MaxCompared)
            throw MeshException.Invalid($"{ids.Count} reports; compare at most {MaxCompared} at once");
        var duplicate = ids.GroupBy(id => id).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw MeshException.Invalid($"report {duplicate.Key} is listed twice");
        var comparison = ReportComparer.Compare(ArtifactStore.NewId(ArtifactStore.ComparisonPrefix), ids.Select(store.LoadReport).ToList());
        store.Save(comparison.ComparisonId, comparison, new Dictionary<string, byte[]>
        {
            ["comparison.json"] = ComparisonArtifacts.ToJson(comparison),
            ["comparison.html"] = comparisonArtifacts.ToHtml(comparison),
        });
        metrics.ComparisonWritten();
        return Task.FromResult(comparison);
    }

    public override async Task Predict(IAsyncStreamReader<PredictRequest> requestStream, IServerStreamWriter<Prediction> responseStream,
        ServerCallContext context)
    {
        var ct = context.CancellationToken;
        if (!await requestStream.MoveNext(ct))
            throw MeshException.Invalid("the request stream is empty: send the model first, then images");
        var first = requestStream.Current;
        if (first.TopK is < 0 or > MaxTopK)
            throw MeshException.Invalid($"top_k {first.TopK} is outside 0..{MaxTopK} (0 = default {ImagePredictor.DefaultTopK})");
        using var model = loader.Load(await resolver.ResolveAsync(first.Model, ct));
        using var predictor = new ImagePredictor(model, first.TopK);
        var index = 0;
        // the first message may carry only the model
        if (!first.Image.IsEmpty || !string.IsNullOrEmpty(first.FileName))
            await responseStream.WriteAsync(predictor.Predict(index++, first.FileName, first.Image), ct);
        while (await requestStream.MoveNext(ct))
            await responseStream.WriteAsync(predictor.Predict(index++, requestStream.Current.FileName, requestStream.Current.Image), ct);
    }
}
