using Microsoft.Extensions.Logging.Abstractions;
using OpenLocal.Application.Ports;
using OpenLocal.Infrastructure.Commands;

namespace OpenLocal.Tests.Shared;

/// <summary>A loop device over a sparse file in its own temp directory; disposal detaches it and deletes the file.</summary>
public sealed class LoopDevice : IAsyncDisposable
{
    public static readonly ICommandRunner Runner = new ProcessCommandRunner(new ProcessCommandRunnerOptions(), NullLogger<ProcessCommandRunner>.Instance);

    private readonly DirectoryInfo _directory;

    private LoopDevice(DirectoryInfo directory, string backingFile, string path)
    {
        _directory = directory;
        BackingFile = backingFile;
        Path = path;
    }

    public string Path { get; }

    public string BackingFile { get; }

    public static async Task<LoopDevice> CreateAsync(long sizeBytes)
    {
        var directory = Directory.CreateTempSubdirectory("openlocal-loop-test-");
        var file = System.IO.Path.Combine(directory.FullName, "disk.img");
        await using (var stream = File.Create(file))
            stream.SetLength(sizeBytes);
        var result = await Runner.RunAsync(CommandLine.Of("losetup", "--find", "--show", file), CancellationToken.None);
        if (!result.Succeeded)
        {
            directory.Delete(recursive: true);
            throw new InvalidOperationException($"losetup failed: {result.StandardError}");
        }
        var loop = new LoopDevice(directory, file, result.StandardOutput.Trim());
        // Other test projects attach and detach loops at the same time: make sure the device we were given is ours.
        // (Compared by inode: losetup prints the resolved path, which differs from ours when TMPDIR has a symlink.)
        var backing = await RunAsync("losetup", "--list", "--noheadings", "--output", "BACK-INO", loop.Path);
        var inode = await RunAsync("stat", "--format=%i", file);
        if (!backing.Succeeded || backing.StandardOutput.Trim() != inode.StandardOutput.Trim())
        {
            var described = await loop.DescribeAsync();
            await loop.DisposeAsync();
            throw new InvalidOperationException($"losetup --find --show attached {file} as {loop.Path}, but that loop is not backed by it: {described}");
        }
        return loop;
    }

    public static async Task<CommandResult> RunAsync(string fileName, params string[] arguments)
    {
        var result = await Runner.RunAsync(CommandLine.Of(fileName, arguments), CancellationToken.None);
        return result;
    }

    /// <summary>Grows the backing file and tells the loop driver to re-read its capacity (losetup -c).</summary>
    public async Task GrowAsync(long sizeBytes)
    {
        await using (var stream = new FileStream(BackingFile, FileMode.Open, FileAccess.Write))
            stream.SetLength(sizeBytes);
        var result = await RunAsync("losetup", "--set-capacity", Path);
        if (!result.Succeeded)
            throw new InvalidOperationException($"losetup -c failed: {result.StandardError}");
    }

    /// <summary>
    /// What the kernel and the tools say about this loop right now (attachment, size, backing file, signatures), for
    /// assertion messages: a probe that disagrees with what a test just wrote is then diagnosable from the log alone.
    /// </summary>
    public async Task<string> DescribeAsync()
    {
        var attached = await RunAsync("losetup", "--list", "--noheadings", "--raw", "--output", "NAME,BACK-FILE,AUTOCLEAR,DIO,SIZELIMIT", Path);
        var size = await RunAsync("blockdev", "--getsize64", Path);
        var probe = await RunAsync("blkid", "-p", "-o", "export", Path);
        var file = new FileInfo(BackingFile);
        return $"losetup: [{(attached.StandardOutput + attached.StandardError).Trim()}]; size: [{(size.StandardOutput + size.StandardError).Trim()}]; "
            + $"backing file {BackingFile}: {(file.Exists ? file.Length + " bytes" : "missing")}; "
            + $"blkid -p (exit {probe.ExitCode}): [{probe.StandardOutput.Trim().ReplaceLineEndings(" ")}]";
    }

    public async ValueTask DisposeAsync()
    {
        await Runner.RunAsync(CommandLine.Of("losetup", "--detach", Path), CancellationToken.None);
        _directory.Delete(recursive: true);
    }
}
