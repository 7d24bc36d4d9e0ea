namespace OpenLocal.Infrastructure.Device.Mounts;

/// <summary>The type of file a path names, links not followed.</summary>
public enum FileKind
{
    Absent,
    Directory,
    RegularFile,
    SymbolicLink,

    /// <summary>A socket, FIFO or device node.</summary>
    Special,
}
