using System.Globalization;
using OpenLocal.Domain.Failures;

namespace OpenLocal.Infrastructure.Device;

/// <summary>
/// A Linux device number <c>major:minor</c>. dev_t is decoded the way glibc's <c>gnu_dev_major/minor</c>
/// do (throttling.md §6): minors above 255 live in bits 20+, which <c>rdev / 256</c> gets wrong.
/// </summary>
public readonly record struct DeviceNumber(uint Major, uint Minor)
{
    public static DeviceNumber FromDevT(ulong dev) => new(
        (uint)(((dev >> 8) & 0xfff) | ((dev >> 32) & ~0xfffUL)),
        (uint)((dev & 0xff) | ((dev >> 12) & ~0xffUL)));

    public ulong ToDevT() =>
        ((ulong)(Major & 0xfff) << 8) | ((ulong)(Major & ~0xfffU) << 32) | (Minor & 0xffUL) | ((ulong)(Minor & ~0xffU) << 12);

    /// <summary>Parses <c>"253:300"</c> as found in sysfs <c>dev</c> files and mountinfo.</summary>
    public static DeviceNumber Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        var colon = trimmed.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0
            && uint.TryParse(trimmed.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var major)
            && uint.TryParse(trimmed.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var minor))
        {
            return new DeviceNumber(major, minor);
        }
        throw StorageException.Internal($"\"{text}\" is not a major:minor device number");
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Major}:{Minor}");
}
