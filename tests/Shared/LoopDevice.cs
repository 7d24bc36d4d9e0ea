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
        return new LoopDevice(directory, file, result.StandardOutput.Trim());
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

    public async ValueTask DisposeAsync()
    {
        await Runner.RunAsync(CommandLine.Of("losetup", "--detach", Path), CancellationToken.None);
        _directory.Delete(recursive: true);
    }
}
