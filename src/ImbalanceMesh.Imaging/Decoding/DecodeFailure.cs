namespace ImbalanceMesh.Imaging.Decoding;

/// <summary>Why a file is not accepted as an image.</summary>
public enum DecodeFailure
{
    Empty,
    TooLarge,
    TooManyPixels,
    NotAnImage,
    Unsupported,
    Truncated,
    Unreadable,
}

public static class DecodeFailureNames
{
    /// <summary>The short code that starts every rejection reason, e.g. "truncated: ...".</summary>
    public static string Code(this DecodeFailure failure) => failure switch
    {
        DecodeFailure.Empty => "empty",
        DecodeFailure.TooLarge => "too-large",
        DecodeFailure.TooManyPixels => "too-many-pixels",
        DecodeFailure.NotAnImage => "not-an-image",
        DecodeFailure.Unsupported => "unsupported",
        DecodeFailure.Truncated => "truncated",
        DecodeFailure.Unreadable => "unreadable",
        _ => throw new ArgumentOutOfRangeException(nameof(failure), failure, null),
    };
}
