using System.Globalization;
using System.Text;
using OpenLocal.Application.Ports;
using OpenLocal.Domain.Failures;

namespace OpenLocal.Infrastructure.Device.Mounts;

/// <summary>One line of mountinfo (proc(5)): the fields we use, unescaped.</summary>
public sealed record MountEntry(
    int Id,
    int ParentId,
    DeviceNumber Device,
    string Root,
    string Target,
    IReadOnlyList<string> MountOptions,
    string FsType,
    string Source,
    IReadOnlyList<string> SuperOptions)
{
    /// <summary>Per-mount options merged with superblock options, each once (node-agent.md §3.3); a bind of a sub-tree has a root other than "/".</summary>
    public MountInfo ToMountInfo() => new(Source, Target, FsType, [.. MountOptions.Concat(SuperOptions).Distinct(StringComparer.Ordinal)], Root != "/", Root);
}

/// <summary>Reads and parses <c>/proc/self/mountinfo</c>.</summary>
public static class MountTable
{
    public static async Task<IReadOnlyList<MountEntry>> ReadAsync(string path, CancellationToken cancellationToken) =>
        Parse(await File.ReadAllTextAsync(path, cancellationToken));

    public static IReadOnlyList<MountEntry> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var entries = new List<MountEntry>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            entries.Add(ParseLine(line));
        return entries;
    }

    // 36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue
    // (1)(2)(3)   (4)   (5)      (6)     (7...)  (-) (8)    (9)        (10)
    private static MountEntry ParseLine(string line)
    {
        var fields = line.Split(' ');
        // Every malformed line is the one documented refusal, never FormatException or an index error
        // (issue 19 fuzzing: a short line, a non-numeric or too large id).
        var separator = fields.Length < 10 ? -1 : Array.IndexOf(fields, "-", 6);
        if (separator < 0 || fields.Length < separator + 3
            || !int.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            || !int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var parentId))
            throw StorageException.Internal($"unexpected mountinfo line: {line}");
        DeviceNumber device;
        try
        {
            device = DeviceNumber.Parse(fields[2]);
        }
        catch (StorageException ex)
        {
            throw StorageException.Internal($"unexpected mountinfo line: {line}", ex);
        }
        return new MountEntry(
            id,
            parentId,
            device,
            Unescape(fields[3]),
            Unescape(fields[4]),
            fields[5].Split(','),
            Unescape(fields[separator + 1]),
            Unescape(fields[separator + 2]),
            fields.Length > separator + 3 ? fields[separator + 3].Split(',') : []);
    }

    /// <summary>The kernel escapes space, tab, newline and backslash in paths as \040 \011 \012 \134.</summary>
    public static string Unescape(string field)
    {
        ArgumentNullException.ThrowIfNull(field);
        if (!field.Contains('\\', StringComparison.Ordinal))
            return field;
        var builder = new StringBuilder(field.Length);
        for (var i = 0; i < field.Length; i++)
        {
            if (field[i] == '\\' && IsOctal(field, i + 1))
            {
                builder.Append((char)Convert.ToInt32(field.Substring(i + 1, 3), 8));
                i += 3;
            }
            else
            {
                builder.Append(field[i]);
            }
        }
        return builder.ToString();
    }

    private static bool IsOctal(string s, int start) =>
        start + 3 <= s.Length && s[start] is >= '0' and <= '3' && s[start + 1] is >= '0' and <= '7' && s[start + 2] is >= '0' and <= '7';
}
