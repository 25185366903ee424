namespace ImbalanceMesh.Imaging.Demo;

/// <summary>One generated demo image as a PNG file.</summary>
public sealed record DemoImage(string ClassName, string FileName, byte[] Png);
