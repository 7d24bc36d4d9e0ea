namespace OpenLocal.Tests.Shared;

/// <summary>Files of this repository that tests read, found by walking up from the test binaries.</summary>
public static class RepositoryFiles
{
    /// <summary>The shipped CRDs (deploy/crds), as every component and the embedded API server load them.</summary>
    public static string CrdDirectory { get; } = Find(Path.Combine("deploy", "crds"));

    private static string Find(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relative);
            if (Directory.Exists(candidate))
                return candidate;
        }
        throw new DirectoryNotFoundException($"{relative} not found above the test binaries");
    }
}
