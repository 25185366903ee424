using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Modeling.Models;

namespace ImbalanceMesh.Modeling.Checkpoints;

public static class ModelCardExtensions
{
    public static ModelSpec ToModelSpec(this ModelCard card) =>
        new(card.Architecture, card.Width == 0 ? ModelSpec.DefaultWidth : card.Width, card.Classes.Count, card.Channels, card.ImageSize);
}
