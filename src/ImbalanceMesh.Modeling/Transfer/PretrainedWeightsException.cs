namespace ImbalanceMesh.Modeling.Transfer;

/// <summary>A pretrained weights file that cannot be read or does not fit the model; the message names the first bad key.</summary>
public sealed class PretrainedWeightsException(string message, Exception? inner = null) : Exception(message, inner);
