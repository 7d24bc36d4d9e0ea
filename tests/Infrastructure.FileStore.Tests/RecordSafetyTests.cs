using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OpenLocal.Domain.Failures;
using OpenLocal.Domain.Volumes;
using OpenLocal.Infrastructure.FileStore;

namespace OpenLocal.Infrastructure.FileStore.Tests;

/// <summary>Issue 19 items 3 and 4: no id length reaches the file system as an over-long name; a damaged record is moved aside, reported and never silently forgotten (ADR 0049).</summary>
public sealed class RecordSafetyTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("olstore-").FullName;
    private readonly CapturingLogger<FileVolumeStore> _log = new();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string VolumesDir => Path.Combine(_dir, "volumes");

    private FileVolumeStore NewStore() => new(new FileStoreOptions(_dir), _log);

    private static string FileNameOf(string id) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(id)).TrimEnd('=').Replace('+', '-').Replace('/', '_') + ".json";

    [Theory]
    [InlineData(188)]
    [InlineData(300)]
    [InlineData(4096)]
    public async Task Ids_of_any_length_are_unknown_rather_than_an_error(int length)
    {
        var store = NewStore();
        var id = new string('v', length);

        Assert.Null(await store.FindAsync(id, CancellationToken.None));
        await store.RequestDeletionAsync(id, CancellationToken.None);
        await store.ReleaseAsync(id, CancellationToken.None);
        var snapshots = new FileSnapshotStore(new FileStoreOptions(_dir));
        Assert.Null(await snapshots.FindAsync(id, CancellationToken.None));
        await snapshots.RequestDeletionAsync(id, CancellationToken.None);
        await snapshots.ReleaseAsync(id, CancellationToken.None);
    }

    [Fact]
    public async Task An_id_too_long_for_a_readable_name_is_stored_under_its_hash_and_reads_back()
    {
        var directory = new RecordDirectory(Path.Combine(_dir, "notes"));
        var files = new RecordFiles<Note>(directory, "note", n => n.Id, n => JsonSerializer.SerializeToUtf8Bytes(n.Id + "\n" + n.Text),
            b => Note.Parse(JsonSerializer.Deserialize<string>(b)!), NullLogger.Instance, TimeProvider.System);
        var longId = new string('é', 200); // 400 UTF-8 bytes
        var shortId = new string('a', 128);

        await files.CreateAsync(new Note(longId, "long"), CancellationToken.None);
        await files.CreateAsync(new Note(shortId, "short"), CancellationToken.None);

        Assert.Equal("long", (await files.FindAsync(longId, CancellationToken.None))!.Text);
        Assert.Equal(["long", "short"], (await files.ListAsync(CancellationToken.None)).OrderBy(n => n.Text, StringComparer.Ordinal).Select(n => n.Text));
        Assert.All(Directory.EnumerateFiles(directory.Path), f => Assert.True(Path.GetFileName(f).Length < 255));
        Assert.True(File.Exists(Path.Combine(directory.Path, FileNameOf(shortId))), "ids up to 128 bytes keep the readable name of ADR 0012");
        await files.DeleteIfExistsAsync(longId, CancellationToken.None);
        Assert.Null(await files.FindAsync(longId, CancellationToken.None));
    }

    [Fact]
    public async Task A_record_file_written_by_the_previous_version_still_loads()
    {
        Directory.CreateDirectory(VolumesDir);
        // Exactly what ADR 0012's store wrote: base64url name, version 1, camelCase, string enums.
        await File.WriteAllTextAsync(Path.Combine(VolumesDir, FileNameOf("local-1")), """
            {
              "version": 1, "id": "local-1", "nodeName": "node-1", "type": "LVM", "pool": "pool-0", "sizeBytes": 1073741824,
              "accessType": "Mount", "fsType": "ext4", "layout": "Linear", "source": null, "ephemeral": null, "claim": null,
              "throttle": null, "context": { "volumeType": "LVM" }, "createdAt": "2026-01-02T03:04:05+00:00", "phase": "Ready",
              "capacityBytes": 1073741824, "devicePath": "/dev/pool-0/local-1", "failureKind": null, "failureMessage": null
            }
            """);

        var volume = await NewStore().FindAsync("local-1", CancellationToken.None);

        Assert.NotNull(volume);
        Assert.Equal(VolumePhase.Ready, volume.Phase);
        Assert.Equal("/dev/pool-0/local-1", volume.DevicePath);
    }

    [Fact]
    public async Task A_truncated_record_is_moved_aside_logged_and_its_id_refused_while_the_rest_keeps_working()
    {
        var store = NewStore();
        await store.CreateAsync(new LocalVolume("good", "node-1", VolumeType.LVM, "pool", 1L << 30), CancellationToken.None);
        await store.CreateAsync(new LocalVolume("broken", "node-1", VolumeType.LVM, "pool", 1L << 30), CancellationToken.None);
        var brokenFile = Path.Combine(VolumesDir, FileNameOf("broken"));
        var bytes = await File.ReadAllBytesAsync(brokenFile);
        await File.WriteAllBytesAsync(brokenFile, bytes[..(bytes.Length / 2)]);

        var listed = await store.ListAsync(CancellationToken.None);

        Assert.Equal(["good"], listed.Select(v => v.Id));
        Assert.False(File.Exists(brokenFile));
        var aside = Assert.Single(Directory.EnumerateFiles(VolumesDir, "*.damaged-*"));
        Assert.StartsWith(brokenFile + ".damaged-", aside, StringComparison.Ordinal);
        var line = Assert.Single(_log.Errors);
        Assert.Contains(aside, line, StringComparison.Ordinal);
        Assert.Contains("broken", line, StringComparison.Ordinal);

        // Not forgotten: the id is refused, naming the file, instead of being re-created over the old data.
        var find = await Assert.ThrowsAsync<StorageException>(() => store.FindAsync("broken", CancellationToken.None));
        var create = await Assert.ThrowsAsync<StorageException>(() =>
            store.CreateAsync(new LocalVolume("broken", "node-1", VolumeType.LVM, "pool", 1L << 30), CancellationToken.None));
        Assert.Equal(FailureKind.FailedPrecondition, find.Kind);
        Assert.Equal(FailureKind.FailedPrecondition, create.Kind);
        Assert.Contains(aside, find.Message, StringComparison.Ordinal);

        // Reported again by the next start, until an operator acts; removing the copy releases the id.
        var restartLog = new CapturingLogger<FileVolumeStore>();
        _ = new FileVolumeStore(new FileStoreOptions(_dir), restartLog);
        Assert.Contains(aside, Assert.Single(restartLog.Errors), StringComparison.Ordinal);
        File.Delete(aside);
        Assert.Null(await store.FindAsync("broken", CancellationToken.None));
    }

    [Theory]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("{}")]
    [InlineData("""{"version":1,"id":"x","type":"Floppy"}""")]
    [InlineData("""{"version":1,"id":"another-id","nodeName":"n","type":"LVM","pool":"p","sizeBytes":1,"context":{},"phase":"Pending"}""")]
    public async Task Find_moves_aside_any_undecodable_or_misnamed_record(string content)
    {
        Directory.CreateDirectory(VolumesDir);
        var file = Path.Combine(VolumesDir, FileNameOf("x"));
        await File.WriteAllTextAsync(file, content);
        var store = NewStore();

        var error = await Assert.ThrowsAsync<StorageException>(() => store.FindAsync("x", CancellationToken.None));

        Assert.Equal(FailureKind.FailedPrecondition, error.Kind);
        Assert.False(File.Exists(file));
        Assert.Single(Directory.EnumerateFiles(VolumesDir, "*.damaged-*"));
        Assert.Empty(await store.ListAsync(CancellationToken.None));
    }

    private sealed record Note(string Id, string Text)
    {
        public static Note Parse(string text)
        {
            var split = text.IndexOf('\n', StringComparison.Ordinal);
            return new Note(text[..split], text[(split + 1)..]);
        }
    }
}

/// <summary>Keeps the error lines a component logs.</summary>
public sealed class CapturingLogger<T> : ILogger<T>
{
    public List<string> Errors { get; } = [];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        if (logLevel >= LogLevel.Error)
            Errors.Add(formatter(state, exception));
    }
}
