using OpenLocal.Application.Ports;
using OpenLocal.Domain.Failures;

namespace OpenLocal.Cli.Commands.Csi;

/// <summary>
/// <c>--backend lvm</c> only: the ports for copy restores (block copy) and MountPoint volume
/// clean-up have no real adapter yet. Rather than pretend with a fake, the features answer
/// Unimplemented with a message; every other use case works.
/// </summary>
public sealed class NodeFeaturesNotAvailable : IBlockCopier, IMountPointContents
{
    public Task CopyAsync(string sourceDevice, string targetDevice, long bytes, CancellationToken cancellationToken) =>
        throw new StorageException(FailureKind.Unimplemented, "restoring a snapshot in copy mode is not available on this node yet; use csi.aliyun.com/restore-mode: readonly");

    public Task RemoveAllEntriesAsync(string directory, CancellationToken cancellationToken) =>
        throw new StorageException(FailureKind.Unimplemented, $"cleaning MountPoint volume {directory} is not available on this node yet; empty it by hand");
}
