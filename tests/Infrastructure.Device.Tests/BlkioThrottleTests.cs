using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Text.Json;
using OpenLocal.Application.Ports;
using OpenLocal.Domain.Throttling;
using OpenLocal.Infrastructure.Device.Throttling;
using Xunit.Abstractions;

namespace OpenLocal.Infrastructure.Device.Tests;

/// <summary>
/// The seed's fio result on the host tier (throttling.md §8, testing.md): a process in a pod-like blkio v1
/// cgroup gets ~1 MiB/s read and write on a loop device once the adapter applied a 1 MiB/s limit, and
/// at least 10× that after the adapter removed it. The cgroup is found by pod UID through the fallback search.
/// </summary>
[Trait("Category", "Root")]
[Collection(RootCollection.Name)]
public sealed class BlkioThrottleTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const long OneMiB = 1 << 20;
    private const double LimitKiB = 1024;
    private readonly string _podUid = Guid.NewGuid().ToString();
    private readonly string _testCgroup = "/sys/fs/cgroup/blkio/openlocal-test-" + Guid.NewGuid().ToString("N")[..10];
    private readonly DeviceOptions _options = new() { CgroupDriver = CgroupDriver.Cgroupfs };
    private LoopDevice? _loop;
    private Process? _fio;

    private string PodCgroup => Path.Combine(_testCgroup, "pod" + _podUid);

    public async Task InitializeAsync()
    {
        _loop = await LoopDevice.CreateAsync(256 * OneMiB);
        Directory.CreateDirectory(PodCgroup);
    }

    public async Task DisposeAsync()
    {
        if (_fio is { HasExited: false })
        {
            _fio.Kill(entireProcessTree: true);
            await _fio.WaitForExitAsync();
        }
        _fio?.Dispose();
        // cgroup directories are removed with rmdir (non-recursive) once no process is left in them.
        if (Directory.Exists(PodCgroup))
            Directory.Delete(PodCgroup);
        if (Directory.Exists(_testCgroup))
            Directory.Delete(_testCgroup);
        if (_loop is not null)
            await _loop.DisposeAsync();
    }

    [Fact]
    public async Task Limits_direct_io_of_a_pod_cgroup_to_one_mebibyte_per_second_and_removal_lifts_it()
    {
        var throttles = new CgroupIoThrottles(new DeviceTools(LoopDevice.Runner, _options), _options);
        var target = new ThrottleTarget("vol-throttle", _loop!.Path, _podUid);
        var device = (await new DeviceTools(LoopDevice.Runner, _options).StatAsync(_loop.Path, CancellationToken.None))!.Value.Device;

        await throttles.ApplyAsync(target, IoThrottle.Symmetric(OneMiB, 0), CancellationToken.None);

        Assert.Contains($"{device} 1048576", File.ReadAllLines(Path.Combine(PodCgroup, BlkioV1Limits.ReadBps)));
        Assert.Contains($"{device} 1048576", File.ReadAllLines(Path.Combine(PodCgroup, BlkioV1Limits.WriteBps)));
        var limited = await RunFioInPodCgroupAsync();
        output.WriteLine($"limited: read {limited.ReadKiB} KiB/s, write {limited.WriteKiB} KiB/s");
        Assert.InRange(limited.ReadKiB, LimitKiB * 0.75, LimitKiB * 1.25);
        Assert.InRange(limited.WriteKiB, LimitKiB * 0.75, LimitKiB * 1.25);

        await throttles.RemoveAsync(target, CancellationToken.None);

        Assert.DoesNotContain(File.ReadAllLines(Path.Combine(PodCgroup, BlkioV1Limits.ReadBps)), l => l.StartsWith(device + " ", StringComparison.Ordinal));
        Assert.DoesNotContain(File.ReadAllLines(Path.Combine(PodCgroup, BlkioV1Limits.WriteBps)), l => l.StartsWith(device + " ", StringComparison.Ordinal));
        var unlimited = await RunFioInPodCgroupAsync();
        output.WriteLine($"unlimited: read {unlimited.ReadKiB} KiB/s, write {unlimited.WriteKiB} KiB/s");
        Assert.True(unlimited.ReadKiB >= 10 * LimitKiB, $"unthrottled read {unlimited.ReadKiB} KiB/s");
        Assert.True(unlimited.WriteKiB >= 10 * LimitKiB, $"unthrottled write {unlimited.WriteKiB} KiB/s");
    }

    private async Task<(double ReadKiB, double WriteKiB)> RunFioInPodCgroupAsync()
    {
        var info = new ProcessStartInfo("fio")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            "--name=throttle", "--filename=" + _loop!.Path, "--direct=1", "--rw=readwrite", "--bs=16k",
            "--ioengine=psync", "--size=128M", "--runtime=8", "--time_based", "--output-format=json",
        })
        {
            info.ArgumentList.Add(arg);
        }
        _fio = StartInCgroup(info, PodCgroup);
        var stdout = _fio.StandardOutput.ReadToEndAsync();
        var stderr = _fio.StandardError.ReadToEndAsync();
        Assert.Contains("pod" + _podUid, await File.ReadAllTextAsync($"/proc/{_fio.Id}/cgroup"));

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await _fio.WaitForExitAsync(timeout.Token);
        Assert.True(_fio.ExitCode == 0, await stderr);
        using var report = JsonDocument.Parse(await stdout);
        var job = report.RootElement.GetProperty("jobs")[0];
        _fio.Dispose();
        _fio = null;
        return (job.GetProperty("read").GetProperty("bw").GetDouble(), job.GetProperty("write").GetProperty("bw").GetDouble());
    }

    /// <summary>
    /// Starts the process already inside <paramref name="cgroup"/>, so that every process it forks is born there.
    /// cgroup v1 places threads one by one and a child starts in the cgroup of the thread that forked it: a
    /// dedicated thread joins the cgroup, starts the process and leaves. (Moving fio after its start raced with
    /// the fork of its job process, which only a fixed start delay kept behind the move.)
    /// </summary>
    private static Process StartInCgroup(ProcessStartInfo info, string cgroup)
    {
        Process? started = null;
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(() =>
        {
            var tid = Path.GetFileName(new DirectoryInfo("/proc/thread-self").LinkTarget!);
            var home = File.ReadAllLines("/proc/thread-self/cgroup").Select(l => l.Split(':', 3)).Single(f => f[1] == "blkio")[2];
            File.WriteAllText(Path.Combine(cgroup, "tasks"), tid);
            try
            {
                started = Process.Start(info);
            }
#pragma warning disable CA1031 // Rethrown on the test's thread below.
            catch (Exception e)
#pragma warning restore CA1031
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }
            finally
            {
                File.WriteAllText("/sys/fs/cgroup/blkio" + home.TrimEnd('/') + "/tasks", tid);
            }
        });
        thread.Start();
        thread.Join();
        failure?.Throw();
        return started ?? throw new InvalidOperationException($"{info.FileName} did not start");
    }
}
