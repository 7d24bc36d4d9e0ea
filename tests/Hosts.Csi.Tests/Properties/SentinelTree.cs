using System.Security.Cryptography;
using System.Text;

namespace OpenLocal.Hosts.Csi.Tests.Properties;

/// <summary>
/// Files that stand for the host outside the plugin's directories (issue 19: <c>/etc/passwd</c>): a
/// temporary tree the hostile requests name as targets. Its fingerprint (every entry's path, kind,
/// mode and content hash) must not change whatever the plugin is sent.
/// </summary>
public sealed class SentinelTree : IDisposable
{
    public SentinelTree()
    {
        Root = Directory.CreateTempSubdirectory("olsentinel-").FullName;
        Directory.CreateDirectory(Path.Combine(Root, "etc", "ssh"));
        File.WriteAllText(PasswdFile, "root:x:0:0:root:/root:/bin/bash\n");
        File.WriteAllText(Path.Combine(Root, "etc", "ssh", "sshd_config"), "PermitRootLogin no\n");
        Directory.CreateDirectory(EmptyDirectory);
        Directory.CreateDirectory(Path.Combine(Root, "var", "lib", "data"));
        File.WriteAllBytes(Path.Combine(Root, "var", "lib", "data", "blob"), [1, 2, 3, 4]);
        File.CreateSymbolicLink(Path.Combine(Root, "link-to-passwd"), PasswdFile);
    }

    public string Root { get; }
    public string PasswdFile => Path.Combine(Root, "etc", "passwd");
    public string EmptyDirectory => Path.Combine(Root, "empty");

    /// <summary>Every path a hostile request may name: files, directories, the empty one, a symlink, one that does not exist.</summary>
    public IReadOnlyList<string> Targets =>
    [
        PasswdFile,
        Path.Combine(Root, "etc"),
        Path.Combine(Root, "etc", "ssh", "sshd_config"),
        EmptyDirectory,
        Path.Combine(Root, "var", "lib", "data"),
        Path.Combine(Root, "var", "lib", "data", "blob"),
        Path.Combine(Root, "link-to-passwd"),
        Path.Combine(Root, "not-there", "mount"),
        Root,
    ];

    public string Fingerprint()
    {
        var text = new StringBuilder();
        foreach (var entry in Directory.EnumerateFileSystemEntries(Root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var info = new FileInfo(entry);
            text.Append(Path.GetRelativePath(Root, entry)).Append(' ').Append(info.Attributes).Append(' ');
            if (info.LinkTarget is { } link)
                text.Append("-> ").Append(link);
            else if (!info.Attributes.HasFlag(FileAttributes.Directory))
                text.Append(info.UnixFileMode).Append(' ').Append(Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(entry))));
            text.Append('\n');
        }
        return text.ToString();
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
