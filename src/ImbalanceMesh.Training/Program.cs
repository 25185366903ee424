using ImbalanceMesh.Training.Extensions;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddTrainingServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapTrainingEndpoints();
app.Run();
