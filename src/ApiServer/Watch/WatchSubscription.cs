using System.Threading.Channels;

namespace OpenLocal.ApiServer;

/// <summary>
/// One open watch on the <see cref="ObjectStore"/>. Events arrive in commit order; the channel completes with
/// <see cref="WatchDroppedException"/> when the store drops every watch (test hook) or when disposed.
/// </summary>
public sealed class WatchSubscription : IDisposable
{
    private readonly ObjectStore store;
    private readonly Channel<WatchEvent> channel = Channel.CreateUnbounded<WatchEvent>(new UnboundedChannelOptions { SingleReader = true });

    internal WatchSubscription(ObjectStore store, WatchFilter filter)
    {
        this.store = store;
        Filter = filter;
    }

    public WatchFilter Filter { get; }

    public ChannelReader<WatchEvent> Events => channel.Reader;

    /// <summary>Queues a BOOKMARK carrying the store's current revision, ordered after every event already queued.</summary>
    public void RequestBookmark() => store.Bookmark(this);

    internal void Write(WatchEvent e) => channel.Writer.TryWrite(e);

    internal void Complete(Exception? error = null) => channel.Writer.TryComplete(error);

    public void Dispose() => store.Unsubscribe(this);
}

/// <summary>The store closed this watch on purpose (see <see cref="ObjectStore.DropWatches"/>).</summary>
public sealed class WatchDroppedException() : Exception("the API server closed the watch");
