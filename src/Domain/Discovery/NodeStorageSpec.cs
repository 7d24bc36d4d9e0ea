namespace OpenLocal.Domain.Discovery;

/// <summary>Regex include/exclude lists over one kind of name (crds.md §1.4).</summary>
public sealed record NameSelection(ValueArray<string> Include, ValueArray<string> Exclude)
{
    public static NameSelection None { get; } = new(default, default);
}

/// <summary><c>spec.listConfig</c>: which discovered VGs, mount points and devices are schedulable.</summary>
public sealed record ListConfig(NameSelection VolumeGroups, NameSelection MountPoints, NameSelection Devices)
{
    public static ListConfig Empty { get; } = new(NameSelection.None, NameSelection.None, NameSelection.None);
}

/// <summary>A VG the agent creates from <see cref="Devices"/> when it is missing.</summary>
public sealed record VolumeGroupToInit(string Name, ValueArray<string> Devices);

/// <summary>A device the agent formats (only when blank) and mounts at <see cref="Path"/>; empty fsType means ext4.</summary>
public sealed record MountPointToInit(string Path, string Device, string FsType, ValueArray<string> Options)
{
    public const string DefaultFsType = "ext4";

    public string EffectiveFsType => string.IsNullOrEmpty(FsType) ? DefaultFsType : FsType;
}

/// <summary><c>spec.resourceToBeInited</c> (note the wire key <c>mountpoints</c> with a lower-case p).</summary>
public sealed record ResourceToBeInited(ValueArray<VolumeGroupToInit> VolumeGroups, ValueArray<MountPointToInit> MountPoints)
{
    public static ResourceToBeInited Empty { get; } = new(default, default);
}

/// <summary><c>spec.spdkConfig</c>: not implemented, only round-tripped (crds.md §1.2).</summary>
public sealed record SpdkConfig(string DeviceType, string RpcSocket)
{
    public static SpdkConfig Empty { get; } = new(string.Empty, string.Empty);

    public bool IsSpdkNode => !string.IsNullOrEmpty(DeviceType);
}

/// <summary>The three blocks a NodeLocalStorageInitConfig entry carries (and replaces wholesale).</summary>
public sealed record StorageBlocks(ListConfig ListConfig, ResourceToBeInited ResourceToBeInited, SpdkConfig SpdkConfig)
{
    public static StorageBlocks Empty { get; } = new(ListConfig.Empty, ResourceToBeInited.Empty, SpdkConfig.Empty);
}

/// <summary>
/// The NLS <c>spec</c>. Equality is semantic: lists compare by content and absent equals empty, so
/// the controller writes only when something really changed (crds.md §3 step 5).
/// </summary>
public sealed record NodeStorageSpec(string NodeName, StorageBlocks Blocks)
{
    /// <summary>Inherited validation limit of <c>spec.nodeName</c> (crds.md §1.2).</summary>
    public const int MaxNodeNameLength = 128;
}
