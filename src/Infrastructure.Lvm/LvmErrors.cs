using OpenLocal.Application.Ports;
using OpenLocal.Domain.Failures;

namespace OpenLocal.Infrastructure.Lvm;

/// <summary>
/// Maps a failed lvm2 call to a typed failure (issue 4, csi.md §7) from its stderr: lvm2's exit code
/// is 5 for nearly everything, so the message is the only signal. The lvm text is kept in the message.
/// </summary>
public static class LvmErrors
{
    // Lines lvm2 prints on every call in metadata-only mode; they explain nothing about the failure.
    private static readonly string[] NoiseMarkers = ["Activation disabled", "not zeroed", "leaked on"];

    public static StorageException From(CommandLine command, CommandResult result)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(result);
        var message = Message(result.StandardError);
        var text = $"{command.FileName} {string.Join(' ', command.Arguments.Take(1))} failed (exit {result.ExitCode}): {message}";
        return new StorageException(Classify(message), text);
    }

    public static FailureKind Classify(string stderr)
    {
        ArgumentNullException.ThrowIfNull(stderr);
        if (Has(stderr, "insufficient free space") || Has(stderr, "insufficient suitable allocatable extents") || Has(stderr, "not enough free space"))
            return FailureKind.InsufficientCapacity;
        if (Has(stderr, "already exists in volume group") || Has(stderr, "already exists in filesystem"))
            return FailureKind.AlreadyExists;
        if (Has(stderr, "can be resized only while inactive") || Has(stderr, "in use:") || Has(stderr, "contains a filesystem in use"))
            return FailureKind.FailedPrecondition;
        if (Has(stderr, "not found") || Has(stderr, "failed to find") || Has(stderr, "cannot process volume group"))
            return FailureKind.NotFound;
        return FailureKind.Internal;
    }

    /// <summary>lvm's stderr without the per-call warnings, one line.</summary>
    public static string Message(string stderr)
    {
        ArgumentNullException.ThrowIfNull(stderr);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => !NoiseMarkers.Any(marker => line.Contains(marker, StringComparison.Ordinal)));
        var joined = string.Join("; ", lines);
        return joined.Length == 0 ? "(no message)" : joined;
    }

    private static bool Has(string text, string fragment) => text.Contains(fragment, StringComparison.OrdinalIgnoreCase);
}
