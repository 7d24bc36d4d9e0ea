using Grpc.Core;

namespace OpenLocal.Hosts.Csi.Tests.Conformance;

/// <summary>A fresh plugin per test, torn down afterwards (also when the test fails).</summary>
public abstract class PluginTest : IAsyncLifetime
{
    private RunningPlugin? _plugin;

    protected RunningPlugin Plugin => _plugin ?? throw new InvalidOperationException("plugin not started");

    public virtual async Task InitializeAsync() => _plugin = await RunningPlugin.StartAsync();

    public virtual async Task DisposeAsync()
    {
        if (_plugin is not null)
            await _plugin.DisposeAsync();
    }

    protected static async Task<RpcException> AssertStatus<T>(StatusCode expected, Func<AsyncUnaryCall<T>> call)
    {
        var ex = await Assert.ThrowsAsync<RpcException>(async () => await call());
        Assert.True(expected == ex.StatusCode, $"expected {expected}, got {ex.StatusCode}: {ex.Status.Detail}");
        Assert.False(string.IsNullOrWhiteSpace(ex.Status.Detail), "a failure must say what to fix");
        return ex;
    }
}
