using Microsoft.Extensions.DependencyInjection;
using OpenLocal.Application.Ports;

namespace OpenLocal.Infrastructure.FileStore;

/// <summary>Where the standalone records live (<c>--state-dir</c>).</summary>
public sealed record FileStoreOptions(string StateDir);

public static class FileStoreServices
{
    /// <summary>
    /// Registers <see cref="IVolumeStore"/> and <see cref="ISnapshotStore"/> backed by files under
    /// <paramref name="stateDir"/>, and <see cref="IDamagedRecords"/> over the same two instances.
    /// </summary>
    public static IServiceCollection AddFileStore(this IServiceCollection services, string stateDir)
    {
        services.AddSingleton(new FileStoreOptions(stateDir));
        services.AddSingleton<FileVolumeStore>();
        services.AddSingleton<FileSnapshotStore>();
        services.AddSingleton<IVolumeStore>(sp => sp.GetRequiredService<FileVolumeStore>());
        services.AddSingleton<ISnapshotStore>(sp => sp.GetRequiredService<FileSnapshotStore>());
        services.AddSingleton<IDamagedRecords, FileDamagedRecords>();
        return services;
    }
}
