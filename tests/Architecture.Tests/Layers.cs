using System.Reflection;

using ArchUnitNET.Loader;

namespace OpenLocal.Architecture.Tests;

/// <summary>The assemblies of each layer (ADR-0002), loaded once for every rule.</summary>
internal static class Layers
{
    public static readonly Assembly Domain = typeof(OpenLocal.Domain.Failures.StorageException).Assembly;
    public static readonly Assembly Application = typeof(OpenLocal.Application.ApplicationServices).Assembly;

    public static readonly Assembly[] Infrastructure =
    [
        Assembly.Load("OpenLocal.Infrastructure.Lvm"),
        Assembly.Load("OpenLocal.Infrastructure.Device"),
        Assembly.Load("OpenLocal.Infrastructure.Kubernetes"),
        Assembly.Load("OpenLocal.Infrastructure.Fake"),
    ];

    /// <summary>The embedded API server (ADR-0021): an engine of its own, used by the CLI and the tests.</summary>
    public static readonly Assembly ApiServer = Assembly.Load("OpenLocal.ApiServer");

    public static readonly Assembly[] Hosts =
    [
        Assembly.Load("OpenLocal.Hosts.Csi"),
        Assembly.Load("OpenLocal.Hosts.Extender"),
        Assembly.Load("OpenLocal.Hosts.Reconcilers"),
        Assembly.Load("openlocal"),
    ];

    public static readonly ArchUnitNET.Domain.Architecture Architecture =
        new ArchLoader().LoadAssemblies([Domain, Application, .. Infrastructure, ApiServer, .. Hosts]).Build();

    /// <summary>The repository root (where OpenLocal.sln is), for rules about project files.</summary>
    public static string RepositoryRoot
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "OpenLocal.sln")))
                directory = directory.Parent;
            return directory?.FullName ?? throw new InvalidOperationException("OpenLocal.sln not found above " + AppContext.BaseDirectory);
        }
    }
}
