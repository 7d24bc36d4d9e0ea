using OpenLocal.Domain.Filtering;

namespace OpenLocal.Fuzz.Targets;

/// <summary>
/// include/exclude regexes (crds.md §1.4). Input: line 1 the include patterns, line 2 the exclude
/// patterns (tab-separated), then one candidate name a line. Bounded (a few patterns and names, each
/// short) so that the 100 ms match timeout keeps one run well under afl-fuzz's limit. Apply never throws
/// (bad or slow patterns become errors) and selects only candidates an include pattern wholly matches.
/// </summary>
internal static class NameFilterTarget
{
    private const int MaxPatterns = 3;
    private const int MaxNames = 4;
    private const int MaxLength = 256;

    public static void Run(byte[] input)
    {
        var lines = FuzzInput.Text(input).Split('\n');
        var include = Patterns(lines, 0);
        var exclude = Patterns(lines, 1);
        var names = lines.Skip(2).Take(MaxNames).Select(Bounded).ToList();
        var result = NameFilter.Apply(names, include, exclude);
        foreach (var selected in result.Selected)
        {
            if (!names.Contains(selected, StringComparer.Ordinal))
                throw new ContractViolation($"selected \"{selected}\", which is not a candidate");
        }
        if (include.Count == 0 && result.Selected.Count > 0)
            throw new ContractViolation("an empty include list selected names");
    }

    private static List<string> Patterns(string[] lines, int index) =>
        lines.Length > index && lines[index].Length > 0
            ? [.. lines[index].Split('\t').Take(MaxPatterns).Select(Bounded)]
            : [];

    private static string Bounded(string text) => text.Length > MaxLength ? text[..MaxLength] : text;
}
