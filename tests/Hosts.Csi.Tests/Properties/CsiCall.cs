namespace OpenLocal.Hosts.Csi.Tests.Properties;

public enum Rpc
{
    CreateVolume,
    DeleteVolume,
    ControllerExpandVolume,
    ValidateVolumeCapabilities,
    ControllerGetVolume,
    GetCapacity,
    ListVolumes,
    CreateSnapshot,
    DeleteSnapshot,
    NodeStageVolume,
    NodeUnstageVolume,
    NodePublishVolume,
    NodeUnpublishVolume,
    NodeGetVolumeStats,
    NodeExpandVolume,
}

/// <summary>An id: one the plugin answered earlier (by index, resolved when the call runs) or a literal.</summary>
public sealed record IdChoice(int? Known, string Literal)
{
    public override string ToString() => Known is { } k ? $"known#{k}" : CsiPrint.Short(Literal);
}

public enum PathKind
{
    PodMount,
    PodBlock,
    Staging,
    Sentinel,
    DotDotIntoSentinel,
    SymlinkIntoSentinel,
    Relative,
    Nul,
    Huge,
    Empty,
    Socket,
    StateDirectory,
    StateRecord,
}

/// <summary>A target or staging path, resolved against the sandbox when the call runs.</summary>
public sealed record PathChoice(PathKind Kind, int Index)
{
    public override string ToString() => $"{Kind}#{Index}";
}

public enum AccessType
{
    Mount,
    Block,
    Unset,
}

public sealed record CapabilityChoice(AccessType Access, string FsType, int Mode, string[] MountFlags)
{
    public override string ToString() => $"{Access}/{CsiPrint.Short(FsType)}/mode {Mode}/[{string.Join(",", MountFlags.Select(CsiPrint.Short))}]";
}

/// <summary>One generated CSI request; every field is used by the RPCs that take it and ignored by the others.</summary>
public sealed record CsiCall(
    Rpc Rpc,
    IdChoice Volume,
    string Name,
    long RequiredBytes,
    long LimitBytes,
    CapabilityChoice[] Capabilities,
    Dictionary<string, string> Parameters,
    PathChoice Target,
    PathChoice Staging,
    IdChoice Snapshot,
    bool ReadOnly,
    bool KnownContext)
{
    public override string ToString() =>
        $"{Rpc}(volume {Volume}, name {CsiPrint.Short(Name)}, required {RequiredBytes}, limit {LimitBytes}, capabilities [{string.Join("; ", Capabilities.Select(c => c.ToString()))}], "
        + $"parameters {{{string.Join(", ", Parameters.Select(p => CsiPrint.Short(p.Key) + "=" + CsiPrint.Short(p.Value)))}}}, target {Target}, staging {Staging}, snapshot {Snapshot}, readOnly {ReadOnly}, knownContext {KnownContext})";
}

internal static class CsiPrint
{
    /// <summary>A status message, bounded: enough to tell the exception and the path.</summary>
    public static string Detail(string text) => text.Length > 240 ? text[..240] + "…" : text;

    /// <summary>Printable and bounded: a 10 KB id reads as its length, NUL as \0.</summary>
    public static string Short(string text) =>
        text.Length > 48 ? $"\"{text[..16].Replace("\0", "\\0", StringComparison.Ordinal)}…\"({text.Length} chars)" : $"\"{text.Replace("\0", "\\0", StringComparison.Ordinal)}\"";
}
