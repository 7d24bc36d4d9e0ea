using Csi.V1;

namespace OpenLocal.Hosts.Csi.Tests.Properties;

/// <summary>What the plugin answered: the volumes CreateVolume gave (minus those DeleteVolume removed) and the snapshots.</summary>
public sealed class VolumeLedger
{
    private readonly Dictionary<string, Volume> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _idByName = new(StringComparer.Ordinal);
    private readonly List<string> _ids = [];
    private readonly List<string> _snapshots = [];

    public IReadOnlyDictionary<string, Volume> Volumes => _byId;

    public string VolumeAt(int index) => _ids.Count == 0 ? "never-created-volume" : _ids[index % _ids.Count];

    public string SnapshotAt(int index) => _snapshots.Count == 0 ? "never-created-snapshot" : _snapshots[index % _snapshots.Count];

    public IReadOnlyDictionary<string, string> ContextOf(string id) =>
        _byId.TryGetValue(id, out var volume) ? volume.VolumeContext : new Dictionary<string, string>();

    /// <summary>Records an answered CreateVolume; returns a violation when a name was answered with a second id.</summary>
    public string? Created(string name, Volume volume)
    {
        if (_idByName.TryGetValue(name, out var earlier) && earlier != volume.VolumeId && _byId.ContainsKey(earlier))
            return $"CreateVolume {CsiPrint.Short(name)} answered {volume.VolumeId} after {earlier} (not idempotent)";
        _idByName[name] = volume.VolumeId;
        if (_byId.TryAdd(volume.VolumeId, volume))
            _ids.Add(volume.VolumeId);
        else
            _byId[volume.VolumeId] = volume;
        return null;
    }

    public void Deleted(string id)
    {
        if (_byId.Remove(id))
            _ids.Remove(id);
    }

    public void Expanded(string id, long capacityBytes)
    {
        if (_byId.TryGetValue(id, out var volume) && capacityBytes > 0)
            volume.CapacityBytes = capacityBytes;
    }

    public void SnapshotCreated(string id)
    {
        if (!_snapshots.Contains(id))
            _snapshots.Add(id);
    }

    public void SnapshotDeleted(string id) => _snapshots.Remove(id);

    /// <summary>Bytes of the LVM volumes, the ones that draw on the node's one VG.</summary>
    public long LvmBytes() => _byId.Values
        .Where(v => !v.VolumeContext.TryGetValue("volumeType", out var type) || type is "LVM" or "")
        .Sum(v => v.CapacityBytes);
}
