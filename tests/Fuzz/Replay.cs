namespace OpenLocal.Fuzz;

/// <summary>Runs inputs once each outside afl-fuzz: how a crash is reproduced and how the corpus is smoke-checked.</summary>
internal static class Replay
{
    public static int Files(string name, Action<byte[]> target, IEnumerable<string> paths)
    {
        var failed = 0;
        foreach (var path in paths)
        {
            try
            {
                target(File.ReadAllBytes(path));
            }
#pragma warning disable CA1031 // Whatever escapes the target breaks its contract; each one is reported.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                failed++;
                Console.Error.WriteLine($"{name}: {path}: {ex}");
            }
        }
        return failed == 0 ? 0 : 1;
    }
}
