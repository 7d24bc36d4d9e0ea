using System.Globalization;

namespace OpenLocal.Benchmarks;

/// <summary>Counters of the extender process at one instant (a <c>stats</c> line of <see cref="ExtenderProcess"/>).</summary>
internal sealed record ServerStats(long Allocated, int Gen0, int Gen1, int Gen2, double PauseMs, long HeapBytes, long CommittedBytes, string Settings)
{
    public static ServerStats Parse(string line)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
                values[part[..equals]] = part[(equals + 1)..];
        }
        long Long(string key) => long.Parse(values[key], CultureInfo.InvariantCulture);
        int Int(string key) => int.Parse(values[key], CultureInfo.InvariantCulture);
        var settings = $"server GC {values["server"]}, concurrent {values["concurrent"]}, latency {values["latency"]}, " +
            $"conserve {values["conserve"]}, Gen0MaxBudget {values["gen0MaxBudget"]}, TieredPGO {values["tieredPgo"]}";
        return new ServerStats(Long("allocated"), Int("gen0"), Int("gen1"), Int("gen2"),
            double.Parse(values["pauseMs"], CultureInfo.InvariantCulture), Long("heap"), Long("committed"), settings);
    }
}
