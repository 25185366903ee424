using ImbalanceMesh.Ingestion.Extensions;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddIngestionServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapIngestionEndpoints();
app.Run();
