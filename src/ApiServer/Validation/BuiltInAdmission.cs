using System.Text.Json.Nodes;
using k8s.Models;

namespace OpenLocal.ApiServer;

/// <summary>
/// What kube-apiserver's registry strategies do to the built-in kinds served before storing them (pkg/registry/core
/// */strategy.go, pkg/apis/core/v1/defaults.go, pkg/apis/core/validation/validation.go):
/// defaults (PV/PVC/Pod <c>status.phase: Pending</c>, Namespace <c>Active</c>, PV reclaim policy Retain, PV/PVC
/// volumeMode Filesystem) and the PV/PVC update rules (a claim's spec is immutable except binding it to a volume,
/// setting a storage class it had none of, and growing a bound claim's request; a PV's source and volumeMode are
/// immutable). snapshot-controller's in-use protection relies on the Pending phase (issue 15 item 4).
/// </summary>
internal static class BuiltInAdmission
{
    public static void Default(ResourceType type, JsonObject obj, bool creating)
    {
        if (!type.IsBuiltIn || type.Group.Length != 0)
            return;
        switch (type.Kind)
        {
            case "PersistentVolume":
                Spec(obj)["persistentVolumeReclaimPolicy"] ??= "Retain";
                Spec(obj)["volumeMode"] ??= "Filesystem";
                DefaultPhase(obj, creating, "Pending");
                break;
            case "PersistentVolumeClaim":
                Spec(obj)["volumeMode"] ??= "Filesystem";
                DefaultPhase(obj, creating, "Pending");
                break;
            case "Pod":
                DefaultPhase(obj, creating, "Pending");
                break;
            case "Namespace":
                DefaultPhase(obj, creating, "Active");
                break;
        }
    }

    public static IEnumerable<FieldError> ValidateUpdate(ResourceType type, JsonObject next, JsonObject old) =>
        (type.IsBuiltIn, type.Group, type.Kind) switch
        {
            (true, "", "PersistentVolumeClaim") => ClaimUpdate(next, old),
            (true, "", "PersistentVolume") => VolumeUpdate(next, old),
            _ => [],
        };

    private static IEnumerable<FieldError> ClaimUpdate(JsonObject next, JsonObject old)
    {
        var oldSpec = (old["spec"] as JsonObject)?.DeepClone().AsObject() ?? [];
        var newSpec = (next["spec"] as JsonObject)?.DeepClone().AsObject() ?? [];
        if (string.IsNullOrEmpty(oldSpec["volumeName"]?.GetValue<string>()))
            Copy(newSpec, oldSpec, "volumeName");
        if (oldSpec["storageClassName"] is null)
            Copy(newSpec, oldSpec, "storageClassName");
        var bound = next["status"]?["phase"]?.GetValue<string>() == "Bound";
        var oldSize = Storage(oldSpec);
        var newSize = Storage(newSpec);
        if (bound && newSpec["resources"]?["requests"] is JsonObject)
            SetStorage(newSpec, oldSpec["resources"]?["requests"]?["storage"]?.DeepClone());
        oldSpec.Remove("volumeAttributesClassName");
        newSpec.Remove("volumeAttributesClassName");
        if (!JsonNode.DeepEquals(oldSpec, newSpec))
            yield return FieldError.Forbidden("spec", "spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims");
        if (newSize < oldSize)
            yield return FieldError.Forbidden("spec.resources.requests.storage", "field can not be less than previous value");
    }

    private static IEnumerable<FieldError> VolumeUpdate(JsonObject next, JsonObject old)
    {
        foreach (var source in new[] { "csi", "local", "hostPath", "nfs", "iscsi", "fc" })
        {
            if (!JsonNode.DeepEquals(old["spec"]?[source], next["spec"]?[source]))
            {
                yield return FieldError.Forbidden("spec.persistentvolumesource", "spec.persistentvolumesource is immutable after creation");
                break;
            }
        }
        if (!JsonNode.DeepEquals(old["spec"]?["volumeMode"], next["spec"]?["volumeMode"]))
            yield return FieldError.Forbidden("spec.volumeMode", "field is immutable");
    }

    private static void DefaultPhase(JsonObject obj, bool creating, string phase)
    {
        if (obj["status"] is not JsonObject status)
        {
            if (!creating)
                return;
            obj["status"] = status = [];
        }
        status["phase"] ??= phase;
    }

    private static JsonObject Spec(JsonObject obj)
    {
        if (obj["spec"] is JsonObject spec)
            return spec;
        obj["spec"] = spec = [];
        return spec;
    }

    private static void Copy(JsonObject from, JsonObject to, string field)
    {
        to.Remove(field);
        if (from[field] is { } value)
            to[field] = value.DeepClone();
    }

    private static decimal Storage(JsonObject spec) =>
        spec["resources"]?["requests"]?["storage"]?.GetValue<string>() is { } text ? Quantity(text) : 0;

    private static decimal Quantity(string text)
    {
        try
        {
            return new ResourceQuantity(text).ToDecimal();
        }
        catch (FormatException)
        {
            throw ApiException.BadRequest($"quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$': \"{text}\"");
        }
    }

    private static void SetStorage(JsonObject spec, JsonNode? value)
    {
        var requests = spec["resources"]!["requests"]!.AsObject();
        requests.Remove("storage");
        if (value is not null)
            requests["storage"] = value;
    }
}
