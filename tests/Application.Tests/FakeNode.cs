using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OpenLocal.Application.Provisioning;
using OpenLocal.Application.Volumes;
using OpenLocal.Application.Volumes.CreateVolume;
using OpenLocal.Infrastructure.Fake;

namespace OpenLocal.Application.Tests;

/// <summary>The Application on the fake backend, composed as `dev` composes it (standalone provisioning).</summary>
public sealed class FakeNode : IDisposable
{
    public const long GiB = 1L << 30;
    public const long MiB = 1L << 20;

    private FakeNode(ServiceProvider provider)
    {
        Provider = provider;
        Mediator = provider.GetRequiredService<IMediator>();
        Machine = provider.GetRequiredService<FakeMachine>();
    }

    public ServiceProvider Provider { get; }
    public IMediator Mediator { get; }
    public FakeMachine Machine { get; }

    public T Get<T>() where T : notnull => Provider.GetRequiredService<T>();

    public static FakeNode Start(FakeBackendOptions? backend = null, PlacementOptions? placement = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddOpenLocalApplication(placement);
        services.AddStandaloneProvisioning();
        services.AddFakeBackend(backend);
        return new FakeNode(services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true }));
    }

    public static Dictionary<string, string> Lvm(params (string Key, string Value)[] extra) => With("LVM", extra);

    public static Dictionary<string, string> With(string volumeType, params (string Key, string Value)[] extra)
    {
        var parameters = new Dictionary<string, string> { ["volumeType"] = volumeType };
        foreach (var (key, value) in extra)
            parameters[key] = value;
        return parameters;
    }

    public static CreateVolumeCommand Create(
        string name, long bytes, IReadOnlyDictionary<string, string>? parameters = null, long limit = 0,
        VolumeCapability? capability = null, string? fromSnapshot = null, string[]? preferred = null, string[]? requisite = null) =>
        new(name, bytes, limit, [capability ?? VolumeCapability.Mount("ext4")], parameters ?? Lvm(), preferred ?? [], requisite ?? [], fromSnapshot);

    public void Dispose() => Provider.Dispose();
}
