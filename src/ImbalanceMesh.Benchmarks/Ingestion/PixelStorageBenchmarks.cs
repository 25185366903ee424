using BenchmarkDotNet.Attributes;
using ImbalanceMesh.Imaging.Decoding;
using SkiaSharp;

namespace ImbalanceMesh.Benchmarks.Ingestion;

/// <summary>
/// What a stored 224 px photo costs to serve as pixels: reading the raw HWC pixels the pack keeps beside the file
/// (150,528 bytes, from the OS cache) against decoding the file's bytes again (JPEG quality 90, or PNG). Global setup
/// prints each form's size, the storage side of the trade.
/// </summary>
[MemoryDiagnoser(false)]
public class PixelStorageBenchmarks
{
    private const int Side = 224;
    private const int Copies = 64;
    private readonly ImageDecoder _decoder = new();
    private byte[] _jpeg = null!;
    private byte[] _png = null!;
    private string _pack = null!;
    private Microsoft.Win32.SafeHandles.SafeFileHandle _handle = null!;
    private readonly byte[] _pixels = new byte[Side * Side * 3];
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(224);
        var rgb = new byte[Side * Side * 3];
        // A smooth photo-like field with sensor noise: neither flat (which compresses to nothing) nor white noise.
        for (var y = 0; y < Side; y++)
            for (var x = 0; x < Side; x++)
                for (var c = 0; c < 3; c++)
                    rgb[(y * Side + x) * 3 + c] = (byte)Math.Clamp(
                        128 + 90 * Math.Sin((x + 40 * c) / 23.0) * Math.Cos((y - 30 * c) / 31.0) + random.Next(-10, 11), 0, 255);
        _png = PngWriter.Encode(Side, Side, 3, rgb);
        using (var bitmap = SKBitmap.Decode(_png))
        using (var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, 90))
            _jpeg = data.ToArray();
        _pack = Path.Combine(Path.GetTempPath(), $"imesh-pixel-bench-{Guid.NewGuid():N}.pack");
        using (var file = File.Create(_pack))
            for (var i = 0; i < Copies; i++) file.Write(rgb);
        _handle = File.OpenHandle(_pack);
        Console.WriteLine($"// bytes per 224 px image: raw pixels {rgb.Length:N0}, JPEG q90 {_jpeg.Length:N0}, PNG {_png.Length:N0}");
    }

    [Benchmark(Baseline = true)]
    public int ReadStoredPixels()
    {
        var offset = (long)(_next++ % Copies) * _pixels.Length;
        return RandomAccess.Read(_handle, _pixels, offset);
    }

    [Benchmark]
    public int DecodeJpeg() => _decoder.Decode(_jpeg).Image!.Pixels.Length;

    [Benchmark]
    public int DecodePng() => _decoder.Decode(_png).Image!.Pixels.Length;

    [GlobalCleanup]
    public void Cleanup()
    {
        _handle.Dispose();
        File.Delete(_pack);
    }
}
