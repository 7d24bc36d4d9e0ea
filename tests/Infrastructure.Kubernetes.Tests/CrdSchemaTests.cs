using System.Reflection;
using System.Text.Json.Serialization;
using k8s;
using k8s.Models;
using OpenLocal.Infrastructure.Kubernetes.Resources;

namespace OpenLocal.Infrastructure.Kubernetes.Tests;

/// <summary>The CRD manifests in deploy/crds and the C# models must describe the same fields (issue 5).</summary>
public sealed class CrdSchemaTests
{
    public static TheoryData<string, Type> Crds => new()
    {
        { "csi.aliyun.com_nodelocalstorages.yaml", typeof(NodeLocalStorage) },
        { "csi.aliyun.com_nodelocalstorageinitconfigs.yaml", typeof(NodeLocalStorageInitConfig) },
        { "csi.aliyun.com_localvolumes.yaml", typeof(LocalVolume) },
        { "csi.aliyun.com_localsnapshots.yaml", typeof(LocalSnapshot) },
    };

    [Theory]
    [MemberData(nameof(Crds))]
    public async Task Schema_and_model_have_the_same_fields_and_types(string file, Type model)
    {
        var crd = await LoadAsync(file);
        var schema = crd.Spec.Versions.Single().Schema.OpenAPIV3Schema;
        var mismatches = new List<string>();
        Compare(schema, model, "", mismatches);
        Assert.Empty(mismatches);
    }

    [Theory]
    [MemberData(nameof(Crds))]
    public async Task Names_scope_and_entity_attribute_agree(string file, Type model)
    {
        var crd = await LoadAsync(file);
        var entity = model.GetCustomAttribute<KubernetesEntityAttribute>()!;
        Assert.Equal(entity.Group, crd.Spec.Group);
        Assert.Equal(entity.ApiVersion, crd.Spec.Versions.Single().Name);
        Assert.Equal(entity.Kind, crd.Spec.Names.Kind);
        Assert.Equal(entity.PluralName, crd.Spec.Names.Plural);
        Assert.Equal($"{entity.PluralName}.{entity.Group}", crd.Metadata.Name);
        Assert.Equal("Cluster", crd.Spec.Scope);
        Assert.Equal(model.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IStatus<>)),
            crd.Spec.Versions.Single().Subresources?.Status is not null);
    }

    [Fact]
    public async Task NodeLocalStorage_keeps_open_locals_names_and_printer_columns()
    {
        var crd = await LoadAsync("csi.aliyun.com_nodelocalstorages.yaml");
        Assert.Equal(["nls"], crd.Spec.Names.ShortNames);
        var columns = crd.Spec.Versions.Single().AdditionalPrinterColumns.Select(c => (c.Name, c.Type, c.JsonPath)).ToArray();
        Assert.Equal(
            [
                ("State", "string", ".status.nodeStorageInfo.state.type"),
                ("Phase", "string", ".status.nodeStorageInfo.phase"),
                ("AgentUpdateAt", "date", ".status.nodeStorageInfo.state.lastHeartbeatTime"),
                ("SchedulerUpdateAt", "date", ".status.filteredStorageInfo.updateStatusInfo.lastUpdateTime"),
                ("SchedulerUpdateStatus", "string", ".status.filteredStorageInfo.updateStatusInfo.updateStatus"),
            ],
            columns);
        var spec = crd.Spec.Versions.Single().Schema.OpenAPIV3Schema.Properties["spec"];
        Assert.True(spec.Properties["resourceToBeInited"].Properties.ContainsKey("mountpoints"));
        Assert.True(spec.Properties["listConfig"].Properties.ContainsKey("mountPoints"));
        var nlsc = await LoadAsync("csi.aliyun.com_nodelocalstorageinitconfigs.yaml");
        Assert.Equal(["nlsc"], nlsc.Spec.Names.ShortNames);
    }

    [Fact]
    public void NodeLocalStorage_serialises_with_open_locals_json_keys()
    {
        var nls = new NodeLocalStorage
        {
            Metadata = new V1ObjectMeta { Name = "node-1" },
            Spec = new NodeLocalStorageSpec { ResourceToBeInited = new ResourceToBeInited { MountPoints = [new MountPointToInit { Path = "/mnt/a", Device = "/dev/vdd" }] } },
            Status = new NodeLocalStorageStatus
            {
                NodeStorageInfo = new NodeStorageInfo { VolumeGroups = [new VolumeGroupInfo { Name = "vg", LogicalVolumes = [new LogicalVolumeInfo { Name = "lv", VgName = "vg", Total = 1 }] }] },
            },
        };
        var json = KubernetesJson.Serialize(nls);
        Assert.Contains("\"mountpoints\":[", json, StringComparison.Ordinal);
        Assert.Contains("\"vgname\":\"vg\"", json, StringComparison.Ordinal);
        Assert.Contains("\"kind\":\"NodeLocalStorage\"", json, StringComparison.Ordinal);
        Assert.Contains("\"apiVersion\":\"csi.aliyun.com/v1alpha1\"", json, StringComparison.Ordinal);
    }

    private static async Task<V1CustomResourceDefinition> LoadAsync(string file) =>
        (await KubernetesYaml.LoadAllFromFileAsync(Path.Combine(RepositoryFiles.CrdDirectory, file))).OfType<V1CustomResourceDefinition>().Single();

    /// <summary>Walks schema and model together; every property must exist on both sides with a compatible type.</summary>
    private static void Compare(V1JSONSchemaProps schema, Type type, string path, List<string> mismatches)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        var expected = SchemaType(underlying);
        if (schema.Type != expected)
        {
            mismatches.Add($"{path}: schema type {schema.Type}, model {underlying.Name} ({expected})");
            return;
        }
        if (underlying == typeof(DateTime) && schema.Format != "date-time")
            mismatches.Add($"{path}: a DateTime must have format date-time, has {schema.Format}");
        if (expected == "array")
        {
            Compare(schema.Items as V1JSONSchemaProps ?? KubernetesJson.Deserialize<V1JSONSchemaProps>(KubernetesJson.Serialize(schema.Items)), ElementType(underlying)!, path + "[]", mismatches);
            return;
        }
        if (expected != "object")
            return;
        if (DictionaryValueType(underlying) is { } valueType)
        {
            if (schema.AdditionalProperties is null)
                mismatches.Add($"{path}: model is a map, schema has no additionalProperties");
            else
                Compare(KubernetesJson.Deserialize<V1JSONSchemaProps>(KubernetesJson.Serialize(schema.AdditionalProperties)), valueType, path + "{}", mismatches);
            return;
        }
        var modelProperties = underlying.GetProperties()
            .Select(p => (Property: p, Name: p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name))
            .Where(p => p.Name is not null)
            .ToDictionary(p => p.Name!, p => p.Property, StringComparer.Ordinal);
        var schemaProperties = schema.Properties ?? new Dictionary<string, V1JSONSchemaProps>();
        foreach (var name in modelProperties.Keys.Except(schemaProperties.Keys))
        {
            // metadata is ObjectMeta: the API server owns its schema.
            if (!(path.Length == 0 && name == "metadata"))
                mismatches.Add($"{path}.{name}: in the model, not in the schema");
        }
        foreach (var name in schemaProperties.Keys.Except(modelProperties.Keys))
            mismatches.Add($"{path}.{name}: in the schema, not in the model");
        foreach (var (name, property) in modelProperties)
        {
            if (schemaProperties.TryGetValue(name, out var child) && !(path.Length == 0 && name == "metadata"))
                Compare(child, property.PropertyType, $"{path}.{name}", mismatches);
        }
    }

    private static string SchemaType(Type type) =>
        type == typeof(string) || type == typeof(DateTime) ? "string"
        : type == typeof(long) || type == typeof(int) ? "integer"
        : type == typeof(bool) ? "boolean"
        : DictionaryValueType(type) is not null ? "object"
        : ElementType(type) is not null ? "array"
        : "object";

    private static Type? ElementType(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() is var d && (d == typeof(IList<>) || d == typeof(List<>)) ? type.GetGenericArguments()[0] : null;

    private static Type? DictionaryValueType(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() is var d && (d == typeof(IDictionary<,>) || d == typeof(Dictionary<,>)) ? type.GetGenericArguments()[1] : null;
}
