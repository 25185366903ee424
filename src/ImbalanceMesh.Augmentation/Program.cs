using ImbalanceMesh.Augmentation.Extensions;

HealthCheckMode.ExitIfRequested(args);
var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddAugmentationServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapAugmentationEndpoints();
app.Run();
