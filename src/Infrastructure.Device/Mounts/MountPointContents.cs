using OpenLocal.Application.Ports;
using OpenLocal.Domain.Failures;

namespace OpenLocal.Infrastructure.Device.Mounts;

/// <summary>Empties a MountPoint volume's directory on delete (csi.md §5.2), leaving the mount in place.</summary>
public sealed class MountPointContents(IMounts mounts) : IMountPointContents
{
    public async Task RemoveAllEntriesAsync(string directory, CancellationToken cancellationToken)
    {
        // Only ever inside a mounted filesystem: a wrong path must not empty a directory of the node's root fs.
        if (await mounts.FindAsync(directory, cancellationToken) is null)
            throw StorageException.NotFound($"{directory} is not a mounted filesystem; refusing to delete its contents");
        foreach (var entry in new DirectoryInfo(directory).EnumerateFileSystemInfos())
        {
            cancellationToken.ThrowIfCancellationRequested();
            // A symbolic link is removed itself, never followed into what it points to.
            if (entry is DirectoryInfo dir && dir.LinkTarget is null)
                dir.Delete(recursive: true);
            else
                entry.Delete();
        }
    }
}
