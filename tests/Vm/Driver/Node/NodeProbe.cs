using System.Globalization;
using System.Text.Json;

namespace OpenLocal.Vm.Driver.Node;

/// <summary>One LV as lvm2 itself reports it (not as the adapter under test reports it).</summary>
internal sealed record LvState(string Name, long SizeBytes, string Attributes, string Origin, int Major, int Minor)
{
    public bool IsActive => Attributes.Length > 4 && Attributes[4] == 'a';

    public bool IsSnapshot => Attributes.Length > 0 && Attributes[0] is 's' or 'S';
}

/// <summary>One line of /proc/self/mountinfo.</summary>
internal sealed record MountEntry(string Target, string FsType, string Source, IReadOnlyList<string> Options, string MajorMinor)
{
    public bool IsReadOnly => Options.Contains("ro");
}

/// <summary>Looks at the node's real state with the system's own tools, to check what the use cases did.</summary>
internal static class NodeProbe
{
    public static async Task<IReadOnlyList<LvState>> ListLvsAsync(string volumeGroup)
    {
        var json = await Exec.RunAsync("lvs", "--reportformat", "json", "--units", "b", "--nosuffix",
            "-o", "lv_name,lv_size,lv_attr,origin,lv_kernel_major,lv_kernel_minor", volumeGroup);
        using var document = JsonDocument.Parse(json);
        var result = new List<LvState>();
        foreach (var lv in document.RootElement.GetProperty("report")[0].GetProperty("lv").EnumerateArray())
        {
            result.Add(new LvState(
                lv.GetProperty("lv_name").GetString() ?? "",
                long.Parse(lv.GetProperty("lv_size").GetString() ?? "0", CultureInfo.InvariantCulture),
                lv.GetProperty("lv_attr").GetString() ?? "",
                lv.GetProperty("origin").GetString() ?? "",
                int.Parse(lv.GetProperty("lv_kernel_major").GetString() ?? "-1", CultureInfo.InvariantCulture),
                int.Parse(lv.GetProperty("lv_kernel_minor").GetString() ?? "-1", CultureInfo.InvariantCulture)));
        }
        return result;
    }

    public static async Task<LvState> RequireLvAsync(string volumeGroup, string name)
    {
        var lvs = await ListLvsAsync(volumeGroup);
        return lvs.FirstOrDefault(lv => lv.Name == name)
            ?? throw new ScenarioFailure($"LV {volumeGroup}/{name} does not exist (lvs shows: {string.Join(", ", lvs.Select(lv => lv.Name))})");
    }

    public static IReadOnlyList<MountEntry> Mounts()
    {
        var result = new List<MountEntry>();
        foreach (var line in File.ReadLines("/proc/self/mountinfo"))
        {
            // id parent major:minor root target options [optional...] - fstype source superoptions
            var fields = line.Split(' ');
            var separator = Array.IndexOf(fields, "-");
            if (separator < 6 || fields.Length < separator + 3)
                continue;
            var options = fields[5].Split(',').Concat(fields[separator + 3].Split(',')).ToArray();
            result.Add(new MountEntry(Unescape(fields[4]), fields[separator + 1], Unescape(fields[separator + 2]), options, fields[2]));
        }
        return result;
    }

    public static MountEntry RequireMount(string target) =>
        Mounts().LastOrDefault(m => m.Target == target) ?? throw new ScenarioFailure($"{target} is not a mount point");

    public static IReadOnlyList<MountEntry> MountsUnder(string root) =>
        Mounts().Where(m => m.Target == root || m.Target.StartsWith(root.TrimEnd('/') + "/", StringComparison.Ordinal)).ToList();

    /// <summary>Total bytes of the filesystem mounted at <paramref name="path"/> (statfs blocks × fragment size).</summary>
    public static async Task<long> FilesystemSizeAsync(string path)
    {
        var fields = (await Exec.RunAsync("stat", "--file-system", "--format=%S %b", path)).Split(' ', StringSplitOptions.TrimEntries);
        return long.Parse(fields[0], CultureInfo.InvariantCulture) * long.Parse(fields[1], CultureInfo.InvariantCulture);
    }

    /// <summary>"block special file", "regular empty file", "directory"... as stat(1) names the inode type.</summary>
    public static async Task<string> FileTypeAsync(string path) => (await Exec.RunAsync("stat", "--format=%F", path)).Trim();

    /// <summary>major:minor of the device node <paramref name="path"/> (stat follows bind mounts and symlinks).</summary>
    public static async Task<string> DeviceNumberAsync(string path)
    {
        var fields = (await Exec.RunAsync("stat", "--dereference", "--format=%t %T", path)).Split(' ', StringSplitOptions.TrimEntries);
        return $"{Convert.ToInt32(fields[0], 16)}:{Convert.ToInt32(fields[1], 16)}";
    }

    public static async Task<IReadOnlyList<string>> LoopDevicesAsync()
    {
        var output = await Exec.RunAsync("losetup", "--list", "--noheadings", "--output", "NAME");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    private static string Unescape(string field) =>
        field.Replace("\\040", " ", StringComparison.Ordinal).Replace("\\011", "\t", StringComparison.Ordinal)
            .Replace("\\012", "\n", StringComparison.Ordinal).Replace("\\134", "\\", StringComparison.Ordinal);
}
