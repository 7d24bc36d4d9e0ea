using System.Globalization;
using System.Text.Json;
using OpenLocal.Application.Ports;
using OpenLocal.Domain.Failures;

namespace OpenLocal.Infrastructure.Device;

/// <summary>
/// The util-linux/coreutils calls the device adapters share, through the command runner so that they act
/// in the host namespace when a prefix is configured (ADR 0018).
/// </summary>
public sealed class DeviceTools(ICommandRunner runner, DeviceOptions options)
{
    public Task<CommandResult> RunAsync(string fileName, IReadOnlyList<string> arguments, CancellationToken cancellationToken, TimeSpan? timeout = null) =>
        runner.RunAsync(new CommandLine(fileName, arguments, timeout ?? options.CommandTimeout), cancellationToken);

    /// <summary>Runs the command; a failure is Internal with the tool's own message (or NotFound for a missing path).</summary>
    public async Task<string> RunCheckedAsync(string fileName, IReadOnlyList<string> arguments, CancellationToken cancellationToken, TimeSpan? timeout = null)
    {
        var result = await RunAsync(fileName, arguments, cancellationToken, timeout);
        if (!result.Succeeded)
            throw Failure(fileName, arguments, result);
        return result.StandardOutput;
    }

    public static StorageException Failure(string fileName, IReadOnlyList<string> arguments, CommandResult result)
    {
        var message = $"{fileName} {string.Join(' ', arguments)} failed (exit {result.ExitCode}): {result.StandardError.Trim()}";
        if (result.StandardError.Contains("No such file or directory", StringComparison.Ordinal) || result.StandardError.Contains("does not exist", StringComparison.Ordinal))
            return StorageException.NotFound(message);
        if (result.StandardError.Contains("Device or resource busy", StringComparison.Ordinal))
            return StorageException.FailedPrecondition(message);
        return StorageException.Internal(message);
    }

    /// <summary>File type and device number of a path after following links, or null when it does not exist.</summary>
    public async Task<(bool IsBlockDevice, DeviceNumber Device)?> StatAsync(string path, CancellationToken cancellationToken)
    {
        // %F: file type ("block special file"), %r: st_rdev in decimal, decoded like glibc (throttling.md §6).
        var result = await RunAsync("stat", ["-L", "--format=%F:%r", path], cancellationToken);
        if (!result.Succeeded)
        {
            if (result.StandardError.Contains("No such file", StringComparison.Ordinal))
                return null;
            throw Failure("stat", [path], result);
        }
        var text = result.StandardOutput.Trim();
        var colon = text.LastIndexOf(':');
        var rdev = ulong.Parse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture);
        return (text[..colon] == "block special file", DeviceNumber.FromDevT(rdev));
    }

    /// <summary>Signature types on one device from <c>wipefs --json</c> (lists only; fails on a missing device).</summary>
    public async Task<IReadOnlyList<string>> SignaturesAsync(string device, CancellationToken cancellationToken)
    {
        var output = await RunCheckedAsync("wipefs", ["--json", device], cancellationToken);
        if (string.IsNullOrWhiteSpace(output))
            return [];
        using var document = JsonDocument.Parse(output);
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
