using System.Globalization;
using System.Text.Json.Serialization;
using OpenLocal.Domain.Scheduling;

namespace OpenLocal.Hosts.Extender.Wire;

/// <summary>
/// The <c>/cache</c> debug dump (extender.md §8). Per-node members keep open-local's JSON, including
/// Go's <c>,string</c> quirk (integers and booleans as JSON strings), so existing scripts still work.
/// </summary>
public sealed class CacheDump
{
    public Dictionary<string, CacheNode> Nodes { get; set; } = [];
}

public sealed class CacheNode
{
    public string NodeName { get; set; } = "";
    public bool SupportSPDK { get; set; }
    public Dictionary<string, CacheVolumeGroup> VGs { get; set; } = [];
    public Dictionary<string, CacheExclusive> MountPoints { get; set; } = [];
    public Dictionary<string, CacheExclusive> Devices { get; set; } = [];
    public int AllocatedNum { get; set; }

    /// <summary>Ours: the node's <c>kubernetes.io/hostname</c> label, which PVs pin to (ADR-0043).</summary>
    public string Hostname { get; set; } = "";

    /// <summary>Ours: the ledger entries placed on the node.</summary>
    public List<CacheVolume> Volumes { get; set; } = [];

    public static CacheNode From(NodeSnapshot node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var dump = new CacheNode { NodeName = node.Name, SupportSPDK = node.Spdk, AllocatedNum = node.AllocatedNum, Hostname = node.Hostname };
        foreach (var vg in node.VolumeGroups)
            dump.VGs[vg.Name] = new CacheVolumeGroup { Name = vg.Name, Capacity = Text(vg.Capacity), Requested = Text(vg.Used) };
        foreach (var d in node.Devices)
            dump.Devices[d.Name] = CacheExclusive.From(d, d.Name);
        foreach (var mp in node.MountPoints)
            dump.MountPoints[mp.Name] = CacheExclusive.From(mp, mp.Device ?? "");
        foreach (var v in node.Volumes)
        {
            var where = v.Placement!;
            dump.Volumes.Add(new CacheVolume { Id = v.VolumeId, Type = where.Type.ToString(), Pool = where.Pool, Bytes = v.LedgerBytes });
        }
        return dump;
    }

    internal static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}

public sealed class CacheVolumeGroup
{
    [JsonPropertyName("name")] public string Name { get; set; } = "";
    [JsonPropertyName("capacity")] public string Capacity { get; set; } = "0";
    [JsonPropertyName("requested")] public string Requested { get; set; } = "0";
}

public sealed class CacheExclusive
{
    [JsonPropertyName("name")] public string Name { get; set; } = "";
    [JsonPropertyName("device")] public string Device { get; set; } = "";
    [JsonPropertyName("capacity")] public string Capacity { get; set; } = "0";
    [JsonPropertyName("mediaType")] public string MediaType { get; set; } = "";
    [JsonPropertyName("isAllocated")] public string IsAllocated { get; set; } = "false";

    internal static CacheExclusive From(ExclusiveState state, string device) => new()
    {
        Name = state.Name,
        Device = device,
        Capacity = CacheNode.Text(state.Capacity),
        MediaType = state.Media is null ? "" : FitMessages.MediaName(state.Media),
        IsAllocated = state.IsTaken ? "true" : "false",
    };
}

public sealed class CacheVolume
{
    [JsonPropertyName("id")] public string Id { get; set; } = "";
    [JsonPropertyName("type")] public string Type { get; set; } = "";
    [JsonPropertyName("pool")] public string Pool { get; set; } = "";
    [JsonPropertyName("bytes")] public long Bytes { get; set; }
}
