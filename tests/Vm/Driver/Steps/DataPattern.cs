namespace OpenLocal.Vm.Driver.Steps;

/// <summary>Deterministic bytes written through one path and compared when read back through another.</summary>
internal static class DataPattern
{
    public static byte[] Create(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>Writes a whole file and fsyncs it so that it is on the device (snapshots see it).</summary>
    public static async Task WriteFileAsync(string path, byte[] content)
    {
        await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
        await file.WriteAsync(content);
        file.Flush(flushToDisk: true);
    }

    public static async Task ExpectFileAsync(string path, byte[] expected)
    {
        var actual = await File.ReadAllBytesAsync(path);
        Check.That(actual.AsSpan().SequenceEqual(expected), $"{path} does not hold the {expected.Length} bytes written to it ({actual.Length} bytes read)");
    }
}
