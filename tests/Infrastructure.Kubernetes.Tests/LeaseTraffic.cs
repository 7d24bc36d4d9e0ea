using System.Globalization;
using System.Text.Json.Nodes;

namespace OpenLocal.Infrastructure.Kubernetes.Tests;

/// <summary>
/// Sits in one candidate's HTTP pipeline and sees its requests for one Lease: when it read and wrote it and which
/// resourceVersion each returned, and lets a test run something before each read (hold it, or renew the lease for a
/// simulated holder) so what the candidate observes no longer depends on how fast the machine is.
/// </summary>
internal sealed class LeaseTraffic(string leaseName) : DelegatingHandler
{
    private readonly Lock gate = new();
    private TaskCompletionSource written = NewSignal();
    private long newestWritten;
    private long newestRead;
    private DateTimeOffset newestFirstReadStart;
    private DateTimeOffset? takeoverBasis;

    /// <summary>Runs before each read of the lease is sent.</summary>
    public Func<CancellationToken, Task>? BeforeRead { get; set; }

    /// <summary>Runs after each successful read with the resourceVersion it returned and when the read was sent.</summary>
    public Action<long, DateTimeOffset>? AfterRead { get; set; }

    /// <summary>When the candidate first sent a write (create or update) of the lease, or null if it never did.</summary>
    public DateTimeOffset? FirstWriteStart { get; private set; }

    /// <summary>
    /// When the candidate first sent a read that returned the newest lease state it had seen before its first write:
    /// it cannot have observed that state earlier, so a candidate that honours the lease writes no sooner than one
    /// lease duration after this.
    /// </summary>
    public DateTimeOffset? TakeoverBasis
    {
        get
        {
            lock (gate)
                return takeoverBasis;
        }
    }

    /// <summary>Waits until this candidate has written a lease state newer than <paramref name="version"/>.</summary>
    public async Task WaitForWriteNewerThanAsync(long version, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task next;
            lock (gate)
            {
                if (newestWritten > version)
                    return;
                next = written.Task;
            }
            await next.WaitAsync(cancellationToken);
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.AbsolutePath;
        var one = path.EndsWith("/leases/" + leaseName, StringComparison.Ordinal);
        var isRead = one && request.Method == HttpMethod.Get;
        var isWrite = (one && request.Method != HttpMethod.Get) || (path.EndsWith("/leases", StringComparison.Ordinal) && request.Method == HttpMethod.Post);
        if (isRead && BeforeRead is { } before)
            await before(cancellationToken);
        var start = DateTimeOffset.UtcNow;
        if (isWrite)
        {
            lock (gate)
            {
                if (FirstWriteStart is null)
                {
                    FirstWriteStart = start;
                    takeoverBasis = newestRead > 0 ? newestFirstReadStart : null;
                }
            }
        }
        var response = await base.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode || !(isRead || isWrite))
            return response;
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        var version = long.Parse(
            JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!["metadata"]!["resourceVersion"]!.GetValue<string>(),
            CultureInfo.InvariantCulture);
        if (isWrite)
            Written(version);
        else
            Read(version, start);
        return response;
    }

    private void Written(long version)
    {
        TaskCompletionSource wake;
        lock (gate)
        {
            newestWritten = Math.Max(newestWritten, version);
            wake = written;
            written = NewSignal();
        }
        wake.TrySetResult();
    }

    private void Read(long version, DateTimeOffset start)
    {
        lock (gate)
        {
            if (version > newestRead)
                (newestRead, newestFirstReadStart) = (version, start);
            else if (version == newestRead && start < newestFirstReadStart)
                newestFirstReadStart = start;
        }
        AfterRead?.Invoke(version, start);
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
