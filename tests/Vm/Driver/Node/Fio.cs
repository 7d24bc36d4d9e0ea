using System.Globalization;
using System.Text.Json;

namespace OpenLocal.Vm.Driver.Node;

/// <summary>Read and write bandwidth fio measured, in bytes per second.</summary>
internal sealed record FioBandwidth(double ReadBytesPerSecond, double WriteBytesPerSecond)
{
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"read {ReadBytesPerSecond / 1024:F0} KiB/s, write {WriteBytesPerSecond / 1024:F0} KiB/s");
}

/// <summary>
/// The seed's throttling workload (throttling.md §8) shortened for CI: synchronous direct 16 KiB
/// reads and writes from several threads, so the device limit and not the IO depth is what binds.
/// </summary>
internal static class Fio
{
    /// <summary>Runs fio on <paramref name="device"/>; the process is started before the first await (see PodCgroup).</summary>
    public static async Task<FioBandwidth> MixedDirectAsync(string device, int seconds)
    {
        string[] arguments =
        [
            "--name=vm", $"--filename={device}", "--ioengine=psync", "--direct=1", "--iodepth=1", "--thread",
            "--bs=16k", "--rw=readwrite", "--numjobs=4", $"--runtime={seconds}", "--time_based", "--group_reporting",
            "--output-format=json",
        ];
        var result = await Exec.TryRunAsync("fio", arguments);
        if (result.ExitCode != 0)
            throw new ScenarioFailure($"fio {string.Join(' ', arguments)} exited {result.ExitCode}: {result.StandardError.Trim()}");
        // fio may print notes before the JSON document.
        var start = result.StandardOutput.IndexOf('{', StringComparison.Ordinal);
        Check.That(start >= 0, $"fio printed no JSON report: {result.StandardOutput}");
        using var document = JsonDocument.Parse(result.StandardOutput[start..]);
        var job = document.RootElement.GetProperty("jobs")[0];
        // fio reports "bw" in KiB/s.
        return new FioBandwidth(job.GetProperty("read").GetProperty("bw").GetDouble() * 1024, job.GetProperty("write").GetProperty("bw").GetDouble() * 1024);
    }
}
