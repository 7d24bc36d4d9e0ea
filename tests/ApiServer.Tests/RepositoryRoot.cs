namespace OpenLocal.ApiServer.Tests;

internal static class RepositoryRoot
{
    /// <summary>The checkout root: the first ancestor of the test binaries that holds deploy/crds.</summary>
    public static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(Path.Combine(dir.FullName, "deploy", "crds")))
                return dir.FullName;
        }
        throw new DirectoryNotFoundException($"no deploy/crds above {AppContext.BaseDirectory}");
    }
}
