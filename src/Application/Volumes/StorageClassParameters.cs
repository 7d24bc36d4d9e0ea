using OpenLocal.Domain.Quantities;
using OpenLocal.Domain.Throttling;
using OpenLocal.Domain.Volumes;

namespace OpenLocal.Application.Volumes;

/// <summary>
/// The StorageClass parameters OpenLocal understands (csi.md §4.1), parsed once. Validators report
/// <see cref="Errors"/> field by field; handlers read the typed values. Unknown keys are kept only in
/// the volume context.
/// </summary>
public sealed record StorageClassParameters
{
    public const string VolumeTypeKey = "volumeType";
    public const string VgNameKey = "vgName";
    public const string MediaTypeKey = "mediaType";
    public const string BpsKey = "bps";
    public const string IopsKey = "iops";
    public const string LvmTypeKey = "lvmType";
    public const string DirectKey = "direct";
    public const string SpdkKey = "spdk";
    public const string MkfsOptionsKey = "csi.aliyun.com/mkfs-options";
    public const string RestoreModeKey = "csi.aliyun.com/restore-mode";
    public const string PvcNameKey = "csi.storage.k8s.io/pvc/name";
    public const string PvcNamespaceKey = "csi.storage.k8s.io/pvc/namespace";

    /// <summary>Filesystem keys a StorageClass may carry (external-provisioner's and the in-tree spelling): validated, never executed (issue 19 item 7).</summary>
    public static readonly IReadOnlyList<string> FsTypeKeys = ["csi.storage.k8s.io/fstype", "fsType"];

    public VolumeType VolumeType { get; private init; }
    public string? VolumeGroup { get; private init; }
    public MediaType? MediaType { get; private init; }
    public IoThrottle? Throttle { get; private init; }
    public LvmLayout Layout { get; private init; }
    public RestoreMode? RestoreMode { get; private init; }
    public IReadOnlyList<string> MkfsOptions { get; private init; } = [];
    public ClaimRef? Claim { get; private init; }

    /// <summary>One message per invalid key, keyed by the parameter name.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Errors { get; private init; } = [];

    public bool IsValid => Errors.Count == 0;

    public static StorageClassParameters Parse(IReadOnlyDictionary<string, string>? parameters, VolumeType? defaultVolumeType = null)
    {
        parameters ??= new Dictionary<string, string>();
        var errors = new List<KeyValuePair<string, string>>();
        void Fail(string key, string message) => errors.Add(new(key, message));

        // ADR 0050: an empty value is a missing one (the backend's default rule); values are case-sensitive.
        parameters.TryGetValue(VolumeTypeKey, out var typeText);
        var type = VolumeType.LVM;
        if (string.IsNullOrEmpty(typeText))
        {
            if (defaultVolumeType is { } fallback)
                type = fallback;
            else
                Fail(VolumeTypeKey, "volumeType is required: LVM, Device or MountPoint");
        }
        else if (typeText == "Quota")
            Fail(VolumeTypeKey, "volume type Quota is not implemented");
        else if (ParseVolumeType(typeText) is { } parsed)
            type = parsed;
        else
            Fail(VolumeTypeKey, $"unknown volumeType \"{typeText}\": use LVM, Device or MountPoint (case-sensitive)");

        foreach (var key in FsTypeKeys)
        {
            if (parameters.TryGetValue(key, out var fs) && fs.Length > 0 && !VolumeCapability.IsSupportedFilesystem(fs))
                Fail(key, $"filesystem \"{fs}\" is not supported: use {VolumeCapability.SupportedFilesystemList}");
        }

        MediaType? media = null;
        if (parameters.TryGetValue(MediaTypeKey, out var mediaText))
        {
            media = mediaText switch
            {
                "ssd" => Domain.Volumes.MediaType.Ssd,
                "hdd" => Domain.Volumes.MediaType.Hdd,
                _ => null,
            };
            if (media is null)
                Fail(MediaTypeKey, $"mediaType \"{mediaText}\" is not supported: use ssd or hdd");
        }

        long bps = 0, iops = 0;
        if (parameters.TryGetValue(BpsKey, out var bpsText))
        {
            if (!Quantity.TryParse(bpsText, out var q, out var error))
                Fail(BpsKey, $"bps: {error}");
            else if (q.Sign < 0 || !TryWhole(q, out bps))
                Fail(BpsKey, $"bps \"{bpsText}\" must be a non-negative number of bytes per second");
        }
        if (parameters.TryGetValue(IopsKey, out var iopsText)
            && !(long.TryParse(iopsText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out iops)))
            Fail(IopsKey, $"iops \"{iopsText}\" must be a non-negative integer");

        var layout = LvmLayout.Linear;
        if (parameters.TryGetValue(LvmTypeKey, out var lvmType))
        {
            if (lvmType == "striping")
                layout = LvmLayout.Striping;
            else if (lvmType != "linear")
                Fail(LvmTypeKey, $"lvmType \"{lvmType}\" is not supported: use linear or striping");
        }

        if (IsTrue(parameters, DirectKey))
            Fail(DirectKey, "direct volumes are not supported");
        if (IsTrue(parameters, SpdkKey))
            Fail(SpdkKey, "SPDK volumes are not supported");

        RestoreMode? restore = null;
        if (parameters.TryGetValue(RestoreModeKey, out var restoreText))
        {
            restore = restoreText switch
            {
                "readonly" => Domain.Volumes.RestoreMode.ReadOnly,
                "copy" => Domain.Volumes.RestoreMode.Copy,
                _ => null,
            };
            if (restore is null)
                Fail(RestoreModeKey, $"restore mode \"{restoreText}\" is not supported: use readonly or copy");
        }

        parameters.TryGetValue(VgNameKey, out var vgName);
        if (vgName is not null && vgName.Length == 0)
            Fail(VgNameKey, "vgName must not be empty when given");

        var mkfs = parameters.TryGetValue(MkfsOptionsKey, out var mkfsText)
            ? mkfsText.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            : [];

        ClaimRef? claim = parameters.TryGetValue(PvcNamespaceKey, out var ns) && parameters.TryGetValue(PvcNameKey, out var pvc)
            && ns.Length > 0 && pvc.Length > 0
            ? new ClaimRef(ns, pvc)
            : null;

        return new StorageClassParameters
        {
            VolumeType = type,
            VolumeGroup = string.IsNullOrEmpty(vgName) ? null : vgName,
            MediaType = media,
            Throttle = bps == 0 && iops == 0 ? null : IoThrottle.Symmetric(bps, iops),
            Layout = layout,
            RestoreMode = restore,
            MkfsOptions = mkfs,
            Claim = claim,
            Errors = errors,
        };
    }

    /// <summary>
    /// <c>volumeType</c> as every component reads it (CreateVolume, GetCapacity, the extender; ADR 0050):
    /// exactly <c>LVM</c>, <c>Device</c> or <c>MountPoint</c>; anything else (also empty) is null.
    /// </summary>
    public static VolumeType? ParseVolumeType(string? text) => text switch
    {
        "LVM" => Domain.Volumes.VolumeType.LVM,
        "Device" => Domain.Volumes.VolumeType.Device,
        "MountPoint" => Domain.Volumes.VolumeType.MountPoint,
        _ => null,
    };

    private static bool IsTrue(IReadOnlyDictionary<string, string> parameters, string key) =>
        parameters.TryGetValue(key, out var value) && string.Equals(value, "true", StringComparison.OrdinalIgnoreCase);

    private static bool TryWhole(Quantity quantity, out long value)
    {
        try
        {
            value = quantity.ToBytes();
            return true;
        }
        catch (Domain.Failures.StorageException)
        {
            value = 0;
            return false;
        }
    }
}
