using System.Text.Json.Serialization;
using OpenLocal.Domain.Failures;
using OpenLocal.Domain.Volumes;

namespace OpenLocal.Infrastructure.FileStore;

/// <summary>The on-disk form of a volume (version 1). Decoupled from the domain type on purpose.</summary>
internal sealed record StoredVolume(
    int Version,
    string Id,
    string NodeName,
    VolumeType Type,
    string Pool,
    long SizeBytes,
    AccessType AccessType,
    string? FsType,
    LvmLayout Layout,
    StoredSource? Source,
    StoredOwner? Ephemeral,
    StoredClaim? Claim,
    StoredThrottle? Throttle,
    Dictionary<string, string> Context,
    DateTimeOffset CreatedAt,
    VolumePhase Phase,
    long CapacityBytes,
    string? DevicePath,
    FailureKind? FailureKind,
    string? FailureMessage);

internal sealed record StoredSnapshot(
    int Version,
    string Id,
    string SourceVolumeId,
    string NodeName,
    string VolumeGroup,
    long InitialSizeBytes,
    bool ReadOnly,
    int ExpansionThresholdPercent,
    long ExpansionStepBytes,
    VolumePhase Phase,
    long CapacityBytes,
    int UsedPercent,
    DateTimeOffset CreatedAt,
    FailureKind? FailureKind,
    string? FailureMessage);

internal sealed record StoredSource(string SnapshotId, RestoreMode Mode);

internal sealed record StoredOwner(string PodUid, string PodNamespace, string PodName);

internal sealed record StoredClaim(string Namespace, string Name);

internal sealed record StoredThrottle(long ReadBytesPerSecond, long WriteBytesPerSecond, long ReadIops, long WriteIops);

[JsonSourceGenerationOptions(UseStringEnumConverter = true, WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(StoredVolume))]
[JsonSerializable(typeof(StoredSnapshot))]
internal sealed partial class StoredRecordsJson : JsonSerializerContext;
