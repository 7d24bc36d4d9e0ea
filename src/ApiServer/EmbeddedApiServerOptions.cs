using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace OpenLocal.ApiServer;

public sealed class EmbeddedApiServerOptions
{
    /// <summary>TCP port on 127.0.0.1; 0 lets the OS choose (read it from <see cref="EmbeddedApiServer.BaseUri"/>).</summary>
    public int Port { get; init; }

    /// <summary>
    /// CRD manifests (files or directories) registered before the server accepts requests, on top of the bundled
    /// snapshot.storage.k8s.io CRDs (one of the same name replaces the bundled one); other documents are skipped.
    /// </summary>
    public IReadOnlyList<string> CustomResourceDefinitionPaths { get; init; } = [];

    /// <summary>How often a watch with <c>allowWatchBookmarks=true</c> receives a BOOKMARK (kube-apiserver: about a minute).</summary>
    public TimeSpan BookmarkInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Changes kept for resuming watches; a resourceVersion older than that gets 410 Gone.</summary>
    public int HistoryLimit { get; init; } = 10_000;

    /// <summary>Where start-up notes go (skipped manifest documents).</summary>
    public ILogger Logger { get; init; } = NullLogger.Instance;
}
