using ImbalanceMesh.Core.Randomness;

namespace ImbalanceMesh.Core.Tests.Randomness;

public sealed class SeedDerivationTests
{
    [Fact]
    public void Same_inputs_give_the_same_stream_and_any_changed_input_a_different_one()
    {
        var reference = SeedDerivation.Derive(42, "augment", 3, 7);
        Assert.Equal(reference, SeedDerivation.Derive(42, "augment", 3, 7));
        var variants = new[]
        {
            SeedDerivation.Derive(43, "augment", 3, 7), SeedDerivation.Derive(42, "mixup", 3, 7),
            SeedDerivation.Derive(42, "augment", 4, 7), SeedDerivation.Derive(42, "augment", 3, 8),
            SeedDerivation.Derive(42, "augment", 7, 3),
        };
        Assert.DoesNotContain(reference, variants);
        Assert.Equal(variants.Length, variants.Distinct().Count());
    }

    [Fact]
    public void Derived_randoms_repeat_exactly()
    {
        var first = SeedDerivation.CreateRandom(1, "split");
        var second = SeedDerivation.CreateRandom(1, "split");
        Assert.Equal(Enumerable.Range(0, 100).Select(_ => first.Next()), Enumerable.Range(0, 100).Select(_ => second.Next()));
    }
}
