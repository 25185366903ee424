namespace ImbalanceMesh.Core.Mixing;

/// <summary>Applies mix decisions to a uint8 NCHW batch (out of place: partners are read from the unmixed input).</summary>
public static class PixelMixer
{
    public static byte[] Apply(ReadOnlySpan<byte> batch, int channels, int height, int width, ReadOnlySpan<MixDecision> decisions)
    {
        var image = channels * height * width;
        if (batch.Length != image * decisions.Length) throw new ArgumentException("batch length does not match N×C×H×W");
        var mixed = batch.ToArray();
        for (var i = 0; i < decisions.Length; i++)
        {
            var d = decisions[i];
            var own = batch.Slice(i * image, image);
            var partner = batch.Slice(d.Partner * image, image);
            var target = mixed.AsSpan(i * image, image);
            switch (d.Kind)
            {
                case MixKind.Mixup:
                    Blend(own, partner, target, (float)d.Lambda);
                    break;
                case MixKind.CutMix:
                    Paste(partner, target, channels, height, width, d.Box);
                    break;
            }
        }
        return mixed;
    }

    private static void Blend(ReadOnlySpan<byte> own, ReadOnlySpan<byte> partner, Span<byte> target, float lambda)
    {
        var rest = 1 - lambda;
        // λ ∈ [0, 1], so the blend stays in [0, 255]: + 0.5 then truncation rounds half up without a clamp.
        for (var p = 0; p < target.Length; p++)
            target[p] = (byte)(lambda * own[p] + rest * partner[p] + 0.5f);
    }

    private static void Paste(ReadOnlySpan<byte> partner, Span<byte> target, int channels, int height, int width, CutBox box)
    {
        for (var c = 0; c < channels; c++)
        for (var y = box.Y; y < box.Y + box.Height; y++)
        {
            var start = (c * height + y) * width + box.X;
            partner.Slice(start, box.Width).CopyTo(target.Slice(start, box.Width));
        }
    }
}
