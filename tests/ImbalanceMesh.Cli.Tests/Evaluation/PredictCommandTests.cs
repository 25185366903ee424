namespace ImbalanceMesh.Cli.Tests.Evaluation;

[Collection(ImeshRun.Collection)]
public sealed class PredictCommandTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("imesh-cli-predict-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task An_image_over_the_message_limit_is_refused_before_any_call_with_the_limit_named()
    {
        var image = Path.Combine(_root, "huge.png");
        using (var file = File.Create(image)) file.SetLength(200_000_000);

        // Nothing listens on the evaluation address: the refusal must come before any call.
        var (exit, output, error) = await ImeshRun.RunAsync("predict", "--job", "job-1", image, "--evaluation", "http://127.0.0.1:9");

        Assert.Equal((1, ""), (exit, output));
        Assert.Equal($"error: too large to predict (the limit is 67,043,328 bytes an image): {image} (200,000,000 bytes)",
            error.TrimEnd());
    }
}
