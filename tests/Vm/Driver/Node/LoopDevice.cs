namespace OpenLocal.Vm.Driver.Node;

/// <summary>A loop device over a sparse file in the VM's own tmpfs: the PV of the scenario's VG.</summary>
internal sealed class LoopDevice
{
    private LoopDevice(string path, string backingFile)
    {
        Path = path;
        BackingFile = backingFile;
    }

    public string Path { get; }

    public string BackingFile { get; }

    public static async Task<LoopDevice> AttachAsync(string backingFile, long sizeBytes)
    {
        await using (var file = new FileStream(backingFile, FileMode.CreateNew, FileAccess.Write))
            file.SetLength(sizeBytes);
        var device = (await Exec.RunAsync("losetup", "--find", "--show", backingFile)).Trim();
        Check.That(device.StartsWith("/dev/loop", StringComparison.Ordinal), $"losetup attached {backingFile} as \"{device}\"");
        return new LoopDevice(device, backingFile);
    }

    public async Task DetachAsync()
    {
        await Exec.RunAsync("losetup", "--detach", Path);
        File.Delete(BackingFile);
    }
}
