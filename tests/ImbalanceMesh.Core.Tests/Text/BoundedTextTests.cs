using ImbalanceMesh.Core.Text;
using Xunit;

namespace ImbalanceMesh.Core.Tests.Text;

public class BoundedTextTests
{
    [Fact]
    public void A_short_list_is_joined_whole_and_a_long_one_says_how_many_were_left_out()
    {
        Assert.Equal("a, b", BoundedText.List(["a", "b"]));
        Assert.Equal("", BoundedText.List([]));
        var names = Enumerable.Range(0, 200_000).Select(i => $"c{i}").ToList();
        Assert.Equal("c0, c1, c2 … and 199,997 more", BoundedText.List(names, shown: 3));
        Assert.EndsWith("c19 … and 199,980 more", BoundedText.List(names));
    }

    [Fact]
    public void A_long_message_keeps_its_start_and_says_how_many_characters_were_cut()
    {
        Assert.Equal("short", BoundedText.Truncate("short"));
        var message = new string('x', 5000);
        Assert.Equal(new string('x', 2000) + " … and 3,000 more characters", BoundedText.Truncate(message));
        Assert.Equal(new string('x', 2000), BoundedText.Truncate(new string('x', 2000)));
    }

    [Theory]
    [InlineData(0, "0 bytes")]
    [InlineData(1023, "1,023 bytes")]
    [InlineData(1024, "1,024 bytes (1.0 KiB)")]
    [InlineData(33_554_432, "33,554,432 bytes (32.0 MiB)")]
    [InlineData(12_885_016_640, "12,885,016,640 bytes (12.0 GiB)")]
    public void Byte_counts_read_exactly_and_in_binary_units(long bytes, string expected) =>
        Assert.Equal(expected, ByteCount.Describe(bytes));
}
