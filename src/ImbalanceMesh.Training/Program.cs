using ImbalanceMesh.Training.Extensions;

HealthCheckMode.ExitIfRequested(args);
var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddTrainingServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapTrainingEndpoints();
app.Run();
