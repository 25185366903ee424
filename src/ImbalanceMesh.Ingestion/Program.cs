using ImbalanceMesh.Ingestion.Extensions;

HealthCheckMode.ExitIfRequested(args);
var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddIngestionServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapIngestionEndpoints();
app.Run();
