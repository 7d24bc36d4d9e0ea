using System.Text.Json;
using OpenLocal.Application.Ports;
using OpenLocal.Domain.Failures;

namespace OpenLocal.Infrastructure.Lvm;

/// <summary>
/// What a device already carries, read with <c>wipefs --json</c> (lists, never erases without -a). Unlike
/// <c>blkid -p</c>, which exits 2 both for "blank" and for "no such device", wipefs fails on a missing device.
/// </summary>
public sealed class DeviceSignatures(ICommandRunner runner, LvmOptions options)
{
    public const string LvmPhysicalVolume = "LVM2_member";

    /// <summary>Signature types on the device in on-disk order ("ext4", "gpt", "LVM2_member"...); empty when blank.</summary>
    public async Task<IReadOnlyList<string>> ProbeAsync(string device, CancellationToken cancellationToken)
    {
        var command = new CommandLine(options.WipefsBinary, ["--json", device], options.CommandTimeout);
        var result = await runner.RunAsync(command, cancellationToken);
        if (!result.Succeeded)
        {
            var message = result.StandardError.Trim();
            throw message.Contains("No such file", StringComparison.Ordinal)
                ? StorageException.NotFound($"device {device} does not exist")
                : StorageException.Internal($"wipefs --json {device} failed (exit {result.ExitCode}): {message}");
        }
        return Parse(result.StandardOutput);
    }

    public static IReadOnlyList<string> Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (string.IsNullOrWhiteSpace(json))
            return [];
        using var document = JsonDocument.Parse(json);
        var types = new List<string>();
        foreach (var signature in document.RootElement.GetProperty("signatures").EnumerateArray())
        {
            var type = signature.GetProperty("type").GetString();
            if (!string.IsNullOrEmpty(type) && !types.Contains(type))
                types.Add(type);
        }
        return types;
    }
}
