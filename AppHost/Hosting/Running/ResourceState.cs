namespace ImbalanceMesh.AppHost.Hosting.Running;

public enum ResourceState { Waiting, Starting, Running, Restarting, Failed, Stopping, Stopped }
