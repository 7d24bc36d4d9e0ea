using System.Buffers;
using OpenLocal.Domain.Failures;

namespace OpenLocal.Infrastructure.Lvm;

/// <summary>
/// lvm2's naming rules (lvm(8) "VALID NAMES", lvm2 <c>validate_name</c> and <c>apply_lvname_restrictions</c>),
/// checked before any call so that a bad name is InvalidArgument with a reason instead of lvm's usage text.
/// </summary>
public static class LvmNames
{
    public const int MaxNameLength = 127;
    public const int MaxTagLength = 1024;

    private static readonly SearchValues<char> NameChars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+_.-");

    private static readonly SearchValues<char> TagChars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_+.-/=!:#&");

    // Suffixes lvm2 reserves for the hidden sub-LVs of mirrors, RAID, thin and cache volumes.
    private static readonly string[] ReservedLvParts =
    [
        "_cdata", "_cmeta", "_corig", "_cpool", "_cvol", "_wcorig", "_mimage", "_mlog", "_pmspare",
        "_rimage", "_rmeta", "_tdata", "_tmeta", "_vdata", "_vorigin", "_iorig", "_imeta",
    ];

    public static void ValidateVolumeGroup(string name) => ValidateName(name, "volume group");

    public static void ValidateLogicalVolume(string name)
    {
        ValidateName(name, "logical volume");
        if (name.StartsWith("snapshot", StringComparison.Ordinal) || name.StartsWith("pvmove", StringComparison.Ordinal))
            throw StorageException.InvalidArgument($"logical volume name \"{name}\" must not start with \"snapshot\" or \"pvmove\" (reserved by lvm2)");
        foreach (var part in ReservedLvParts)
        {
            if (name.Contains(part, StringComparison.Ordinal))
                throw StorageException.InvalidArgument($"logical volume name \"{name}\" must not contain \"{part}\" (reserved by lvm2)");
        }
    }

    public static void ValidateTag(string tag)
    {
        if (string.IsNullOrEmpty(tag) || tag.Length > MaxTagLength)
            throw StorageException.InvalidArgument($"LVM tag must have 1 to {MaxTagLength} characters, got {tag?.Length ?? 0}");
        if (tag[0] == '-')
            throw StorageException.InvalidArgument($"LVM tag \"{tag}\" must not start with '-'");
        var bad = tag.AsSpan().IndexOfAnyExcept(TagChars);
        if (bad >= 0)
            throw StorageException.InvalidArgument($"LVM tag \"{tag}\" contains '{tag[bad]}'; allowed: A-Z a-z 0-9 _ + . - / = ! : # &");
    }

    public static void ValidateTags(IEnumerable<string> tags)
    {
        foreach (var tag in tags)
            ValidateTag(tag);
    }

    private static void ValidateName(string name, string what)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength)
            throw StorageException.InvalidArgument($"{what} name must have 1 to {MaxNameLength} characters, got {name?.Length ?? 0}");
        if (name[0] == '-')
            throw StorageException.InvalidArgument($"{what} name \"{name}\" must not start with '-'");
        if (name is "." or "..")
            throw StorageException.InvalidArgument($"{what} name must not be \".\" or \"..\"");
        var bad = name.AsSpan().IndexOfAnyExcept(NameChars);
        if (bad >= 0)
            throw StorageException.InvalidArgument($"{what} name \"{name}\" contains '{name[bad]}'; allowed: A-Z a-z 0-9 + _ . -");
    }
}
