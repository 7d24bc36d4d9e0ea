using System.Diagnostics.CodeAnalysis;
using OpenLocal.Fuzz.Targets;

namespace OpenLocal.Fuzz;

/// <summary>
/// One target per parser that takes untrusted bytes (issue 19, docs/fuzzing.md). A target's contract:
/// the input parses, or the parser fails with its documented typed error; any other exception escapes
/// and afl-fuzz records the input as a crash. The corpus of each is tests/Fuzz/corpus/&lt;name&gt;/.
/// </summary>
internal static class FuzzTargets
{
    private static readonly Dictionary<string, Action<byte[]>> Targets = new(StringComparer.Ordinal)
    {
        ["extender-args"] = ExtenderArgsTarget.Run,
        ["quantity"] = QuantityTarget.Run,
        ["storage-class-parameters"] = StorageClassParametersTarget.Run,
        ["snapshot-class-parameters"] = SnapshotClassParametersTarget.Run,
        ["nls"] = NodeLocalStorageTarget.Run,
        ["nlsc"] = NodeLocalStorageInitConfigTarget.Run,
        ["name-filter"] = NameFilterTarget.Run,
        ["lvm-report"] = LvmReportTarget.Run,
        ["mountinfo"] = MountInfoTarget.Run,
        ["sysfs"] = SysfsTarget.Run,
    };

    public static IEnumerable<string> Names => Targets.Keys;

    public static bool TryGet(string name, [NotNullWhen(true)] out Action<byte[]>? target) => Targets.TryGetValue(name, out target);
}
