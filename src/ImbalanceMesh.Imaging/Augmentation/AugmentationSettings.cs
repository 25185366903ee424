using ImbalanceMesh.Imaging.Preprocessing;

namespace ImbalanceMesh.Imaging.Augmentation;

/// <summary>Ranges of the random augmentation, in the spirit of Keras ImageDataGenerator / fastai aug_transforms.</summary>
/// <param name="RotationDegrees">Angle drawn uniformly from [−r, r].</param>
/// <param name="WidthShift">Fraction of the width, shift drawn from [−s, s].</param>
/// <param name="ShearDegrees">Shear angle drawn from [−s, s].</param>
/// <param name="Zoom">Scale drawn from [1 − z, 1 + z] independently for x and y (values above 1 magnify).</param>
/// <param name="Brightness">Factor drawn from [1 − b, 1 + b].</param>
/// <param name="Contrast">Factor drawn from [1 − c, 1 + c] around mid-grey.</param>
/// <param name="CropFraction">Random crop keeping this fraction of each side (0 or 1 = no crop).</param>
/// <param name="FillValue">Grey value 0..255 for <see cref="FillMode.Constant"/>.</param>
public sealed record AugmentationSettings(
    double RotationDegrees = 0,
    double WidthShift = 0,
    double HeightShift = 0,
    double ShearDegrees = 0,
    double Zoom = 0,
    bool HorizontalFlip = false,
    bool VerticalFlip = false,
    double Brightness = 0,
    double Contrast = 0,
    double CropFraction = 0,
    FillMode Fill = FillMode.Reflect,
    byte FillValue = 0)
{
    /// <summary>
    /// What a training epoch that repeats samples gets when its plan asks for no augmentation: enough that copies are
    /// not identical. Every image of the epoch gets it, so that being augmented says nothing about the class.
    /// </summary>
    public static readonly AugmentationSettings LightCopies = new(RotationDegrees: 10, WidthShift: 0.1, HeightShift: 0.1, HorizontalFlip: true);
}
