using OpenLocal.Domain.Failures;
using OpenLocal.Domain.Volumes;

namespace OpenLocal.Domain.Pools;

/// <summary>A resource one volume takes whole: an exclusive block device or a mount point.</summary>
public abstract record ExclusiveResource
{
    protected ExclusiveResource(string path, MediaType mediaType, long capacityBytes)
    {
        if (string.IsNullOrEmpty(path))
            throw StorageException.InvalidArgument("exclusive resource path must not be empty");
        if (capacityBytes < 0)
            throw StorageException.InvalidArgument($"{path}: capacity must not be negative");
        Path = path;
        MediaType = mediaType;
        CapacityBytes = capacityBytes;
    }

    public string Path { get; }
    public MediaType MediaType { get; }
    public long CapacityBytes { get; }

    /// <summary>The volume that holds this resource, or null while it is free.</summary>
    public string? AllocatedTo { get; private init; }

    public bool IsFree => AllocatedTo is null;

    /// <summary>Gives the resource to <paramref name="volumeId"/>; idempotent for the same volume.</summary>
    public ExclusiveResource AllocateTo(string volumeId)
    {
        if (AllocatedTo == volumeId)
            return this;
        if (AllocatedTo is not null)
            throw StorageException.InsufficientCapacity($"{Path} is already used by volume {AllocatedTo}");
        return this with { AllocatedTo = volumeId };
    }

    /// <summary>Frees the resource if <paramref name="volumeId"/> holds it; otherwise nothing changes.</summary>
    public ExclusiveResource ReleaseFrom(string volumeId) => AllocatedTo == volumeId ? this with { AllocatedTo = null } : this;
}

/// <summary>A whole disk or partition listed in the node's filtered devices.</summary>
public sealed record ExclusiveDevice(string DevicePath, MediaType Media, long Capacity)
    : ExclusiveResource(DevicePath, Media, Capacity);

/// <summary>A formatted filesystem mounted under the mount root, bind-mounted whole into one volume.</summary>
public sealed record MountPointPool(string MountPath, MediaType Media, long Capacity, string FsType)
    : ExclusiveResource(MountPath, Media, Capacity)
{
    /// <summary>Only these filesystems are eligible for MountPoint volumes (extender.md §4.3).</summary>
    public bool IsEligible => FsType is "ext3" or "ext4" or "xfs";
}
