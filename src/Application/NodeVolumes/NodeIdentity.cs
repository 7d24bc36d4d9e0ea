namespace OpenLocal.Application.NodeVolumes;

/// <summary>The node this plugin runs on (<c>--nodeID</c>); node-side records are created with it.</summary>
public sealed record NodeIdentity(string NodeName);
