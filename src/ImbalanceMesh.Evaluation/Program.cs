using ImbalanceMesh.Evaluation.Extensions;

HealthCheckMode.ExitIfRequested(args);
var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddEvaluationServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapEvaluationEndpoints();
app.Run();
