using System.Globalization;
using System.Text.Json;
using OpenLocal.Application.Ports;
using OpenLocal.Domain.Failures;

namespace OpenLocal.Infrastructure.Lvm;

/// <summary>
/// The one LVM read per refresh (node-agent.md §3.1, ADR 0015): <c>lvm fullreport</c> in JSON with
/// sizes in bytes, and its parser. lvm2 prints every number as a string; the report holds one entry
/// per VG (orphan PVs come in an entry without a "vg" list and are skipped).
/// </summary>
public static class LvmReport
{
    public const string VgColumns = "vg_name,vg_uuid,vg_attr,vg_size,vg_free,vg_extent_size,vg_missing_pv_count,vg_tags";
    public const string PvColumns = "pv_name,pv_attr,pv_size,pv_free,vg_name";
    public const string LvColumns = "lv_name,lv_size,lv_attr,origin,pool_lv,data_percent,lv_tags,lv_time";

    /// <summary>Arguments after <c>lvm</c>; the segment sub-reports are reduced to one column because fullreport cannot omit them.</summary>
    public static IReadOnlyList<string> Arguments(string? volumeGroup)
    {
        List<string> args =
        [
            "fullreport", "--reportformat", "json", "--units", "b", "--nosuffix",
            "--configreport", "vg", "-o", VgColumns,
            "--configreport", "pv", "-o", PvColumns,
            "--configreport", "lv", "-o", LvColumns,
            "--configreport", "pvseg", "-o", "pvseg_start",
            "--configreport", "seg", "-o", "segtype",
        ];
        if (volumeGroup is not null)
            args.Add(volumeGroup);
        return args;
    }

    public static IReadOnlyList<VolumeGroupInfo> Parse(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var groups = new List<VolumeGroupInfo>();
            foreach (var entry in document.RootElement.GetProperty("report").EnumerateArray())
            {
                if (!entry.TryGetProperty("vg", out var vgs) || vgs.GetArrayLength() == 0)
                    continue;
                groups.Add(ParseGroup(vgs[0], entry));
            }
            groups.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
            return groups;
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or OverflowException)
        {
            throw StorageException.Internal($"unexpected lvm fullreport output: {ex.Message}", ex);
        }
    }

    private static VolumeGroupInfo ParseGroup(JsonElement vg, JsonElement entry)
    {
        var name = Text(vg, "vg_name");
        var physical = new List<string>();
        if (entry.TryGetProperty("pv", out var pvs))
        {
            foreach (var pv in pvs.EnumerateArray())
                physical.Add(Text(pv, "pv_name"));
        }
        var logical = new List<LogicalVolumeInfo>();
        if (entry.TryGetProperty("lv", out var lvs))
        {
            foreach (var lv in lvs.EnumerateArray())
            {
                var lvName = Text(lv, "lv_name");
                // Hidden sub-LVs ([pool_tdata], [lvol0_pmspare]) are lvm2's internals, not volumes.
                if (lvName.StartsWith('['))
                    continue;
                logical.Add(new LogicalVolumeInfo(
                    name,
                    lvName,
                    Bytes(lv, "lv_size"),
                    Text(lv, "lv_attr"),
                    Optional(lv, "origin"),
                    Optional(lv, "pool_lv"),
                    Percent(lv, "data_percent"),
                    Tags(Text(lv, "lv_tags"))));
            }
        }
        var attr = Text(vg, "vg_attr");
        var partial = Bytes(vg, "vg_missing_pv_count") > 0 || (attr.Length > 3 && attr[3] == 'p');
        return new VolumeGroupInfo(
            name,
            Bytes(vg, "vg_size"),
            Bytes(vg, "vg_free"),
            Bytes(vg, "vg_extent_size"),
            physical,
            logical,
            Tags(Text(vg, "vg_tags")),
            partial);
    }

    private static string Text(JsonElement row, string column) => row.GetProperty(column).GetString() ?? string.Empty;

    private static string? Optional(JsonElement row, string column)
    {
        var value = row.TryGetProperty(column, out var element) ? element.GetString() : null;
        return string.IsNullOrEmpty(value) ? null : value;
    }

    private static long Bytes(JsonElement row, string column) => long.Parse(Text(row, column), NumberStyles.None, CultureInfo.InvariantCulture);

    private static double? Percent(JsonElement row, string column)
    {
        var value = Optional(row, column);
        return value is null ? null : double.Parse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
    }

    private static string[] Tags(string text) =>
        text.Length == 0 ? [] : text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
