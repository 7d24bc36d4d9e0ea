namespace OpenLocal.Application.Ports;

/// <summary>
/// The files inside a MountPoint volume's directory. Deleting such a volume empties the directory
/// but leaves the filesystem mounted under the mount root (csi.md §5.2), so the next volume gets it clean.
/// </summary>
public interface IMountPointContents
{
    /// <summary>Removes every entry inside <paramref name="directory"/> (not the directory itself); an empty directory is success.</summary>
    Task RemoveAllEntriesAsync(string directory, CancellationToken cancellationToken);
}
