using ImbalanceMesh.Core.Mixing;
using ImbalanceMesh.Core.Randomness;
using Xunit;

namespace ImbalanceMesh.Core.Tests.Mixing;

public class SoftLabelsAndPixelsTests
{
    [Theory]
    [InlineData(0.0)]
    [InlineData(0.1)]
    public void Soft_labels_sum_to_one_and_carry_lambda(double smoothing)
    {
        var labels = new[] { 0, 1, 2, 1, 0 };
        var decisions = MixPlanner.Plan(new MixOptions(MixupAlpha: 0.5), 5, 4, 4, SeedDerivation.CreateRandom(2, "mix"));
        var rows = SoftLabels.Build(labels, decisions, 4, smoothing);
        for (var i = 0; i < 5; i++)
        {
            var row = rows.AsSpan(i * 4, 4).ToArray();
            Assert.Equal(1.0, row.Sum(), 5);
            var d = decisions[i];
            var expectedOwn = (labels[i] == labels[d.Partner] ? 1.0 : d.Lambda) * (1 - smoothing) + smoothing / 4;
            Assert.Equal(expectedOwn, row[labels[i]], 5);
            Assert.Equal(smoothing / 4, row[3], 5); // class 3 never appears
        }
    }

    [Fact]
    public void Mixup_blends_and_cutmix_pastes_exactly_the_box()
    {
        // Two 1-channel 4×4 images: all 0 and all 200.
        var batch = new byte[32];
        Array.Fill(batch, (byte)200, 16, 16);
        var decisions = new[]
        {
            new MixDecision(MixKind.Mixup, 1, 0.25, default),
            new MixDecision(MixKind.CutMix, 0, 1 - 4 / 16.0, new CutBox(1, 2, 2, 2)),
        };
        var mixed = PixelMixer.Apply(batch, 1, 4, 4, decisions);
        Assert.All(mixed[..16], v => Assert.Equal(150, v));
        var second = mixed[16..];
        Assert.Equal(4, second.Count(v => v == 0));
        Assert.Equal([0, 0], new[] { second[2 * 4 + 1], second[3 * 4 + 2] });
        Assert.Equal(200, batch[16 + 2 * 4 + 1]); // input untouched
    }
}
