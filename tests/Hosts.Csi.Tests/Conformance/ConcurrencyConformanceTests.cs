using Csi.V1;
using Grpc.Core;
using static OpenLocal.Hosts.Csi.Tests.Conformance.Requests;

namespace OpenLocal.Hosts.Csi.Tests.Conformance;

/// <summary>csi.md §5: a second call for an id with an operation in flight is Aborted, not queued.</summary>
public sealed class ConcurrencyConformanceTests : PluginTest
{
    [Fact]
    public async Task A_second_CreateVolume_for_the_same_name_while_the_first_runs_is_Aborted()
    {
        var gate = Plugin.LogicalVolumes.Faults.GateNext(1, "CreateAsync");
        var first = Plugin.Controller.CreateVolumeAsync(CreateLvm("vol-busy", GiB)).ResponseAsync;
        await gate.Reached.WaitAsync(TimeSpan.FromSeconds(30));

        var ex = await AssertStatus(StatusCode.Aborted, () => Plugin.Controller.CreateVolumeAsync(CreateLvm("vol-busy", GiB)));
        Assert.Contains("vol-busy", ex.Status.Detail, StringComparison.Ordinal);
        await AssertStatus(StatusCode.Aborted, () => Plugin.Controller.DeleteVolumeAsync(new DeleteVolumeRequest { VolumeId = "vol-busy" }));

        gate.Open();
        var created = await first;
        Assert.Equal("vol-busy", created.Volume.VolumeId);
        var again = await Plugin.Controller.CreateVolumeAsync(CreateLvm("vol-busy", GiB));
        Assert.Equal(created.Volume, again.Volume);
    }
}
