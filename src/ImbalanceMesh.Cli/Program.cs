using ImbalanceMesh.Cli;

return await ImeshApp.BuildRoot().Parse(args).InvokeAsync();
