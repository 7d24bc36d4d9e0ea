using Csi.V1;
using Google.Protobuf.Collections;
using AccessMode = Csi.V1.VolumeCapability.Types.AccessMode;

namespace OpenLocal.Hosts.Csi.Tests.Properties;

/// <summary>Turns a generated call into the gRPC request, resolving ids and paths against the sandbox.</summary>
public sealed class CsiRequests(SandboxedPlugin plugin, SentinelTree sentinel, VolumeLedger ledger)
{
    private static readonly string Huge = new('p', 10 * 1024);

    public string EscapeLink => Path.Combine(plugin.KubeletDir, "pods", "escape");

    public string VolumeId(CsiCall call) => call.Volume.Known is { } k ? ledger.VolumeAt(k) : call.Volume.Literal;

    public string SnapshotId(CsiCall call) => call.Snapshot.Known is { } k ? ledger.SnapshotAt(k) : call.Snapshot.Literal;

    public string PathOf(PathChoice choice)
    {
        var kubelet = plugin.KubeletDir;
        var i = choice.Index;
        var sentinelTarget = sentinel.Targets[i % sentinel.Targets.Count];
        var pod = Path.Combine(kubelet, "pods", $"pod-{i}");
        return choice.Kind switch
        {
            PathKind.PodMount => Path.Combine(pod, "volumes", "kubernetes.io~csi", $"pv-{i}", "mount"),
            PathKind.PodBlock => Path.Combine(kubelet, "plugins", "kubernetes.io", "csi", "volumeDevices", "publish", $"pv-{i}", $"pod-{i}"),
            PathKind.Staging => Path.Combine(kubelet, "plugins", "kubernetes.io", "csi", "local.csi.aliyun.com", $"{i}", "globalmount"),
            PathKind.Sentinel => sentinelTarget,
            PathKind.DotDotIntoSentinel => pod + "/" + Path.GetRelativePath(pod, sentinelTarget),
            PathKind.SymlinkIntoSentinel => Path.Combine(EscapeLink, Path.GetRelativePath(sentinel.Root, sentinelTarget)),
            PathKind.Relative => $"pods/pod-{i}/mount",
            PathKind.Nul => pod + "\0/mount",
            PathKind.Huge => Path.Combine(kubelet, "pods", Huge),
            PathKind.Empty => string.Empty,
            PathKind.Socket => plugin.SocketPath,
            PathKind.StateDirectory => plugin.StateDir,
            PathKind.StateRecord => Directory.Exists(plugin.StateDir)
                ? Directory.EnumerateFiles(plugin.StateDir, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Skip(i).FirstOrDefault() ?? plugin.StateDir
                : plugin.StateDir,
            _ => throw new ArgumentOutOfRangeException(nameof(choice)),
        };
    }

    public static VolumeCapability Capability(CapabilityChoice c)
    {
        var capability = new VolumeCapability { AccessMode = new AccessMode { Mode = (AccessMode.Types.Mode)c.Mode } };
        if (c.Access == AccessType.Mount)
            capability.Mount = new VolumeCapability.Types.MountVolume { FsType = c.FsType, MountFlags = { c.MountFlags } };
        else if (c.Access == AccessType.Block)
            capability.Block = new VolumeCapability.Types.BlockVolume();
        return capability;
    }

    public IEnumerable<VolumeCapability> Capabilities(CsiCall call) => call.Capabilities.Select(Capability);

    public VolumeCapability? FirstCapability(CsiCall call) => call.Capabilities.Length == 0 ? null : Capability(call.Capabilities[0]);

    public IDictionary<string, string> Context(CsiCall call) =>
        call.KnownContext && call.Volume.Known is not null ? new Dictionary<string, string>(ledger.ContextOf(VolumeId(call))) : call.Parameters;

    public static CapacityRange? Range(CsiCall call) =>
        call.RequiredBytes == 0 && call.LimitBytes == 0 ? null : new CapacityRange { RequiredBytes = call.RequiredBytes, LimitBytes = call.LimitBytes == long.MaxValue ? 0 : call.LimitBytes };

    public static void Fill(MapField<string, string> map, IDictionary<string, string> values)
    {
        foreach (var (key, value) in values)
            map[key] = value;
    }
}
