namespace OpenLocal.ApiServer;

/// <summary>
/// The resources the embedded API server serves: the built-in kinds OpenLocal and the CSI sidecars use (testing.md,
/// issue 15 item 5) plus every CRD registered at start (the bundled snapshot CRDs included) or created through the API. Thread-safe; replaced wholesale on change (copy on write).
/// </summary>
public sealed class ResourceTable
{
    public static readonly ResourceType CustomResourceDefinitions =
        ResourceType.BuiltIn("apiextensions.k8s.io", "v1", "CustomResourceDefinition", "customresourcedefinitions", false, true, "crd", "crds");

    public static readonly ResourceType Namespaces = ResourceType.BuiltIn("", "v1", "Namespace", "namespaces", false, true, "ns") with { Names = NameRule.Dns1123Label };

    private static readonly ResourceType[] BuiltIns =
    [
        Namespaces,
        ResourceType.BuiltIn("", "v1", "Node", "nodes", false, true, "no"),
        ResourceType.BuiltIn("", "v1", "Pod", "pods", true, true, "po"),
        ResourceType.BuiltIn("", "v1", "PersistentVolume", "persistentvolumes", false, true, "pv"),
        ResourceType.BuiltIn("", "v1", "PersistentVolumeClaim", "persistentvolumeclaims", true, true, "pvc"),
        ResourceType.BuiltIn("", "v1", "Event", "events", true, false, "ev"),
        ResourceType.BuiltIn("", "v1", "Secret", "secrets", true, false),
        ResourceType.BuiltIn("", "v1", "ConfigMap", "configmaps", true, false, "cm"),
        ResourceType.BuiltIn("storage.k8s.io", "v1", "StorageClass", "storageclasses", false, false, "sc"),
        ResourceType.BuiltIn("storage.k8s.io", "v1", "CSIDriver", "csidrivers", false, false),
        ResourceType.BuiltIn("storage.k8s.io", "v1", "CSINode", "csinodes", false, false),
        ResourceType.BuiltIn("storage.k8s.io", "v1", "CSIStorageCapacity", "csistoragecapacities", true, false),
        ResourceType.BuiltIn("storage.k8s.io", "v1", "VolumeAttachment", "volumeattachments", false, true),
        ResourceType.BuiltIn("coordination.k8s.io", "v1", "Lease", "leases", true, false),
        ResourceType.BuiltIn("apps", "v1", "StatefulSet", "statefulsets", true, true, "sts"),
        ResourceType.BuiltIn("apps", "v1", "Deployment", "deployments", true, true, "deploy"),
        ResourceType.BuiltIn("apps", "v1", "DaemonSet", "daemonsets", true, true, "ds"),
        ResourceType.BuiltIn("apps", "v1", "ReplicaSet", "replicasets", true, true, "rs"),
        CustomResourceDefinitions,
    ];

    private volatile IReadOnlyList<ResourceType> types = BuiltIns;
    private readonly Lock gate = new();

    public IReadOnlyList<ResourceType> All => types;

    public ResourceType? Find(string group, string version, string plural) =>
        types.FirstOrDefault(t => t.Group == group && t.Version == version && t.Plural == plural);

    /// <summary>Adds or replaces the versions of a CRD's resource (same group and plural).</summary>
    public void Register(IReadOnlyList<ResourceType> versions)
    {
        if (versions.Count == 0)
            return;
        lock (gate)
        {
            var first = versions[0];
            types = types.Where(t => !(t.Group == first.Group && t.Plural == first.Plural)).Concat(versions).ToArray();
        }
    }

    public void Unregister(string group, string plural)
    {
        lock (gate)
            types = types.Where(t => BuiltIns.Contains(t) || !(t.Group == group && t.Plural == plural)).ToArray();
    }
}
