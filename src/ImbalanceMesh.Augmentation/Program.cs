using ImbalanceMesh.Augmentation.Extensions;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddAugmentationServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapAugmentationEndpoints();
app.Run();
