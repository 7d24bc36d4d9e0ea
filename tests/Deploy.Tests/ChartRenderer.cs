using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace OpenLocal.Deploy.Tests;

/// <summary>
/// Renders deploy/helm as `helm template --include-crds` would, for the only template constructs the chart may use
/// (ADR-0063): <c>{{ .Values.a.b }}</c>, <c>{{ .Chart.Name|Version|AppVersion }}</c>, <c>{{ .Release.Service }}</c>
/// inline, and <c>{{- if .Values.a.b }}</c> / <c>{{- end }}</c> on lines of their own. Anything else, and any
/// value path missing from values.yaml (Helm would render it empty), fails the render.
/// </summary>
internal static partial class ChartRenderer
{
    public static IReadOnlyList<JsonObject> Render(IReadOnlyDictionary<string, JsonNode?>? overrides = null)
    {
        var chartDir = RepositoryRoot.Deploy("helm");
        var chart = Manifests.Parse(File.ReadAllText(Path.Combine(chartDir, "Chart.yaml")))[0];
        var values = Manifests.Parse(File.ReadAllText(Path.Combine(chartDir, "values.yaml")))[0];
        foreach (var (path, value) in overrides ?? new Dictionary<string, JsonNode?>())
            Set(values, path, value);
        var objects = new List<JsonObject>();
        foreach (var crd in Directory.GetFiles(Path.Combine(chartDir, "crds"), "*.yaml").Order(StringComparer.Ordinal))
            objects.AddRange(Manifests.Parse(File.ReadAllText(crd)));
        foreach (var template in Directory.GetFiles(Path.Combine(chartDir, "templates"), "*.yaml").Order(StringComparer.Ordinal))
            objects.AddRange(Manifests.Parse(RenderFile(template, chart, values)));
        return objects;
    }

    public static string RenderFile(string path, JsonObject chart, JsonObject values)
    {
        var output = new StringBuilder();
        var conditions = new Stack<bool>();
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            var where = $"{Path.GetFileName(path)}:{number}";
            if (If().Match(line) is { Success: true } condition)
            {
                conditions.Push(IsTrue(Lookup(condition.Groups[1].Value, chart, values, where)));
                continue;
            }
            if (End().IsMatch(line))
            {
                if (!conditions.TryPop(out _))
                    throw new FormatException($"{where}: {{{{- end }}}} without {{{{- if }}}}");
                continue;
            }
            if (conditions.Any(c => !c))
                continue;
            var rendered = Substitution().Replace(line, m => Text(Lookup(m.Groups[1].Value, chart, values, where)));
            if (rendered.Contains("{{", StringComparison.Ordinal))
                throw new NotSupportedException($"{where}: template construct outside the chart's subset (ADR-0063): {line.Trim()}");
            output.AppendLine(rendered);
        }
        if (conditions.Count != 0)
            throw new FormatException($"{Path.GetFileName(path)}: {{{{- if }}}} without {{{{- end }}}}");
        return output.ToString();
    }

    private static JsonNode? Lookup(string path, JsonObject chart, JsonObject values, string where)
    {
        var parts = path.Split('.');
        switch (parts[0])
        {
            case "Values":
                JsonNode? node = values;
                foreach (var part in parts[1..])
                {
                    if (node is not JsonObject map || !map.TryGetPropertyValue(part, out node))
                        throw new KeyNotFoundException($"{where}: .{path} is not in values.yaml");
                }
                return node;
            case "Chart" when parts.Length == 2:
                var key = char.ToLowerInvariant(parts[1][0]) + parts[1][1..];
                return chart[key] ?? throw new KeyNotFoundException($"{where}: .{path} is not in Chart.yaml");
            case "Release" when path == "Release.Service":
                return JsonValue.Create("Helm");
            default:
                throw new NotSupportedException($"{where}: .{path} is outside the chart's subset (ADR-0063)");
        }
    }

    // Go's text/template truth: false, 0, nil, and empty strings, maps and lists are false.
    private static bool IsTrue(JsonNode? node) => node switch
    {
        null => false,
        JsonObject map => map.Count > 0,
        JsonArray list => list.Count > 0,
        JsonValue value when value.TryGetValue<bool>(out var b) => b,
        JsonValue value when value.TryGetValue<string>(out var s) => s.Length > 0,
        JsonValue value when value.TryGetValue<long>(out var l) => l != 0,
        JsonValue value when value.TryGetValue<double>(out var d) => d != 0,
        _ => true,
    };

    private static string Text(JsonNode? node) => node switch
    {
        null => string.Empty,
        JsonValue value when value.TryGetValue<bool>(out var b) => b ? "true" : "false",
        JsonValue value when value.TryGetValue<string>(out var s) => s,
        JsonValue value when value.TryGetValue<long>(out var l) => l.ToString(CultureInfo.InvariantCulture),
        JsonValue value when value.TryGetValue<double>(out var d) => d.ToString(CultureInfo.InvariantCulture),
        _ => throw new NotSupportedException($"a map or list cannot be substituted inline: {node.ToJsonString()}"),
    };

    /// <summary>`--set a.b=value`: the key must exist in values.yaml (a typo is an error, not a new key).</summary>
    private static void Set(JsonObject values, string path, JsonNode? value)
    {
        var parts = path.Split('.');
        var map = values;
        foreach (var part in parts[..^1])
            map = map[part] as JsonObject ?? throw new KeyNotFoundException($"--set {path}: {part} is not a map in values.yaml");
        if (!map.ContainsKey(parts[^1]))
            throw new KeyNotFoundException($"--set {path}: not in values.yaml");
        map[parts[^1]] = value;
    }

    [GeneratedRegex(@"^\s*\{\{- if \.(\S+) \}\}\s*$")]
    private static partial Regex If();

    [GeneratedRegex(@"^\s*\{\{- end \}\}\s*$")]
    private static partial Regex End();

    [GeneratedRegex(@"\{\{ \.([A-Za-z0-9_.]+) \}\}")]
    private static partial Regex Substitution();
}
