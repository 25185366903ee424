using Google.Protobuf;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Core.Metrics;
using ImbalanceMesh.Evaluation.Models;
using ImbalanceMesh.Imaging.Decoding;
using ImbalanceMesh.Imaging.Preprocessing;
using ImbalanceMesh.Modeling.Checkpoints;

namespace ImbalanceMesh.Evaluation.Predicting;

/// <summary>
/// One image → the model's top-k classes, through the exact training preprocessing (decode, resize + channels,
/// pixel normalisation with the card's mean/std). An image that cannot be used gives a per-image error.
/// </summary>
public sealed class ImagePredictor(TrainedModel model, int topK) : IDisposable
{
    public const int DefaultTopK = 3;
    private readonly ImageDecoder _decoder = new();
    private readonly ImagePreprocessor _preprocessor = new(model.Spec.ImageSize, model.Spec.Channels);
    private readonly (float[] Mean, float[] Std) _normalization = ModelLoader.Normalization(model);
    private readonly int _topK = Math.Min(topK == 0 ? DefaultTopK : topK, model.Classes);

    public Prediction Predict(int index, string fileName, ByteString image)
    {
        var prediction = new Prediction { Index = index, FileName = fileName };
        if (image.IsEmpty)
        {
            prediction.Error = "no image bytes";
            return prediction;
        }
        var decoded = _decoder.Decode(image.Span);
        if (decoded.Image is not { } pixels)
        {
            prediction.Error = $"not a usable image: {decoded.Reason}";
            return prediction;
        }
        var input = _preprocessor.ToTensor(pixels.Width, pixels.Height, pixels.Channels, pixels.Pixels, _normalization.Mean, _normalization.Std);
        var scores = new ScoreMatrix(model.PredictProbabilities(input, 1), model.Classes);
        prediction.Top.AddRange(scores.TopClasses(0, _topK).Select(c => new ClassProbability
        {
            ClassName = model.Card.Classes[c],
            Probability = scores[0, c],
        }));
        return prediction;
    }

    public void Dispose() => _preprocessor.Dispose();
}
