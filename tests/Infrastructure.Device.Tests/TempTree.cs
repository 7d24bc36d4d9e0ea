namespace OpenLocal.Infrastructure.Device.Tests;

/// <summary>A throw-away directory for fabricated sysfs/cgroup trees and mountinfo files.</summary>
public sealed class TempTree : IDisposable
{
    public TempTree() => Root = Directory.CreateTempSubdirectory("openlocal-device-test-").FullName;

    public string Root { get; }

    public string PathOf(string relative) => Path.Combine(Root, relative);

    public TempTree File(string relative, string content)
    {
        var path = PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllText(path, content);
        return this;
    }

    public TempTree Dir(string relative)
    {
        Directory.CreateDirectory(PathOf(relative));
        return this;
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
