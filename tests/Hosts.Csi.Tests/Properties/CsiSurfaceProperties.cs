using CsCheck;
using Xunit.Abstractions;

namespace OpenLocal.Hosts.Csi.Tests.Properties;

/// <summary>
/// Issue 19, "Property-based tests over the gRPC surface": 10,000 generated CSI requests (CsCheck, one
/// fixed seed) against the real plugin in a sandbox. Every input error gets a precise status (never
/// INTERNAL/UNKNOWN), nothing outside the plugin's temporary directories changes (a sentinel tree the
/// hostile paths name is fingerprinted after every call), and the ledger holds (ListVolumes agrees with
/// the answers, LVM volumes fit their VG). ADR-0058.
/// </summary>
public sealed class CsiSurfaceProperties(ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>Change it to explore; a failure prints it so the same sequence can be replayed.</summary>
    private const ulong Seed = 20_261_204;
    private const int Requests = 10_000;
    private const int LedgerEvery = 500;

    /// <summary>The run stops here even if the plugin slows down; fewer requests than asked fails the test.</summary>
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(55);

    private readonly SentinelTree _sentinel = new();
    private SandboxedPlugin? _plugin;

    public async Task InitializeAsync()
    {
        _plugin = await SandboxedPlugin.StartAsync();
        // A symlink inside the kubelet directory that leads out of it (issue 19: "resolves after symlinks").
        Directory.CreateSymbolicLink(Path.Combine(_plugin.KubeletDir, "pods", "escape"), _sentinel.Root);
    }

    public async Task DisposeAsync()
    {
        if (_plugin is not null)
            await _plugin.DisposeAsync();
        _sentinel.Dispose();
    }

    [Fact]
    public async Task Generated_requests_get_precise_errors_touch_nothing_outside_and_keep_the_ledger()
    {
        var driver = new CsiSurfaceDriver(_plugin!, _sentinel);
        var pcg = new PCG(1, Seed);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < Requests && !driver.Unreachable && clock.Elapsed < Budget; i++)
        {
            await driver.RunAsync(CsiGenerators.Call.Generate(pcg, null, out _));
            if ((i + 1) % LedgerEvery == 0)
                await driver.CheckLedgerAsync();
        }
        await driver.CheckLedgerAsync();
        output.WriteLine($"{driver.Calls} requests in {clock.Elapsed.TotalSeconds:F1} s (seed {Seed})\n{driver.Outcomes}");

        var violations = driver.Violations.ToList();
        Assert.True(violations.Count == 0,
            $"seed {Seed}: {violations.Count} properties broken over {driver.Calls} requests:\n" + string.Join("\n", violations));
        Assert.True(driver.Calls == Requests, $"seed {Seed}: only {driver.Calls} of {Requests} requests within {Budget.TotalSeconds} s");
    }
}
