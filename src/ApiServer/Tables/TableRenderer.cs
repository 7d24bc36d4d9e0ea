using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OpenLocal.ApiServer;

/// <summary>
/// Server-side printing (<c>meta.k8s.io/v1 Table</c>), which <c>kubectl get</c> asks for: Name plus the resource's
/// printer columns, or Name and Age when it has none — the same rule kube-apiserver applies to CRDs — and for the
/// built-in kinds with their own printers the columns of <see cref="BuiltInColumns"/>.
/// </summary>
public static class TableRenderer
{
    public static bool Requested(string? accept) =>
        accept is not null && accept.Contains("as=Table", StringComparison.Ordinal);

    public static JsonObject Render(ResourceType type, IEnumerable<StoredObject> objects, long revision, DateTime now)
    {
        if (BuiltInColumns.For(type) is { } computed)
            return RenderComputed(type, computed, objects, revision, now);
        var columns = type.PrinterColumns.Count > 0 ? type.PrinterColumns : [new PrinterColumn("Age", "date", ".metadata.creationTimestamp")];
        var definitions = new JsonArray(new JsonObject { ["name"] = "Name", ["type"] = "string", ["format"] = "name", ["description"] = "", ["priority"] = 0 });
        foreach (var c in columns)
            definitions.Add(new JsonObject { ["name"] = c.Name, ["type"] = c.Type, ["format"] = "", ["description"] = "", ["priority"] = 0 });
        var rows = new JsonArray();
        foreach (var o in objects)
        {
            var cells = new JsonArray(o.Node["metadata"]?["name"]?.DeepClone());
            foreach (var c in columns)
                cells.Add(Cell(c, Read(o.Node, c.JsonPath), now));
            rows.Add(new JsonObject { ["cells"] = cells, ["object"] = o.Node.DeepClone() });
        }
        return Table(revision, definitions, rows);
    }

    private static JsonObject RenderComputed(ResourceType type, IReadOnlyList<ComputedColumn> columns, IEnumerable<StoredObject> objects, long revision, DateTime now)
    {
        var definitions = new JsonArray(new JsonObject { ["name"] = "Name", ["type"] = "string", ["format"] = "name", ["description"] = "", ["priority"] = 0 });
        foreach (var c in columns)
            definitions.Add(new JsonObject { ["name"] = c.Name, ["type"] = c.Type, ["format"] = "", ["description"] = "", ["priority"] = c.Priority });
        var rows = new JsonArray();
        foreach (var o in objects)
        {
            var cells = new JsonArray(BuiltInColumns.Name(type, o.Node));
            foreach (var c in columns)
                cells.Add(c.Cell(o.Node, now)?.DeepClone());
            rows.Add(new JsonObject { ["cells"] = cells, ["object"] = o.Node.DeepClone() });
        }
        return Table(revision, definitions, rows);
    }

    private static JsonObject Table(long revision, JsonArray definitions, JsonArray rows) => new()
    {
        ["kind"] = "Table",
        ["apiVersion"] = "meta.k8s.io/v1",
        ["metadata"] = new JsonObject { ["resourceVersion"] = revision.ToString(CultureInfo.InvariantCulture) },
        ["columnDefinitions"] = definitions,
        ["rows"] = rows,
    };

    private static JsonNode? Read(JsonObject obj, string path)
    {
        JsonNode? node = obj;
        foreach (var segment in path.Trim().TrimStart('.').Split('.', StringSplitOptions.RemoveEmptyEntries))
            node = node is JsonObject o ? o[segment] : null;
        return node;
    }

    private static JsonNode? Cell(PrinterColumn column, JsonNode? value, DateTime now)
    {
        if (value is null)
            return null;
        if (column.Type == "date" && value.GetValueKind() == JsonValueKind.String
            && DateTime.TryParse(value.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var at))
            return Age(now - at);
        return value.DeepClone();
    }

    /// <summary>kubectl's short age format: 45s, 12m, 5h, 3d.</summary>
    internal static string Age(TimeSpan age) => age switch
    {
        { TotalSeconds: < 0 } => "0s",
        { TotalMinutes: < 2 } => $"{(int)age.TotalSeconds}s",
        { TotalHours: < 2 } => $"{(int)age.TotalMinutes}m",
        { TotalDays: < 2 } => $"{(int)age.TotalHours}h",
        _ => $"{(int)age.TotalDays}d",
    };
}
