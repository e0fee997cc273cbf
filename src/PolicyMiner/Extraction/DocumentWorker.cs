using System.Runtime.ExceptionServices;

namespace PolicyMiner.Extraction;

/// <summary>
/// Runs the reading of one document on a thread of its own that is abandoned when it takes longer than a time
/// limit. A parser that hangs inside a third-party library (a PdfPig page that never finishes) cannot be interrupted
/// in .NET, but the batch need not wait for it: the caller gets a <see cref="TimeoutException"/> and goes on with the
/// next file. The abandoned thread is a background thread; it is told to stop through its cancellation token (read
/// between pages) and otherwise ends with the process. A separate process per document would also reclaim its CPU
/// and memory, at a start-up cost per file; see issue 12 for memory bounds.
/// </summary>
internal static class DocumentWorker
{
    /// <summary>
    /// Runs <paramref name="work"/> and returns its result, rethrowing its exception unchanged; throws
    /// <see cref="TimeoutException"/> when it has not finished within <paramref name="limit"/> (non-positive or
    /// infinite: no limit, run on the calling thread) and <see cref="OperationCanceledException"/> when
    /// <paramref name="cancellationToken"/> is cancelled first.
    /// </summary>
    public static T Run<T>(Func<CancellationToken, T> work, TimeSpan limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (limit <= TimeSpan.Zero || limit == Timeout.InfiniteTimeSpan)
        {
            return work(cancellationToken);
        }
        // Not disposed: an abandoned worker may still read the token after we return.
        var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        T result = default!;
        ExceptionDispatchInfo? failure = null;
        // No spinning while waiting: on a busy machine a spinning waiter takes CPU from the worker it waits for.
        using var done = new ManualResetEventSlim(false, spinCount: 0);
        var thread = new Thread(() =>
        {
            try
            {
                result = work(stop.Token);
            }
#pragma warning disable CA1031 // Every exception of the work is handed back to the caller unchanged.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                failure = ExceptionDispatchInfo.Capture(ex);
            }
            finally
            {
                try
                {
                    done.Set();
                }
                catch (ObjectDisposedException)
                {
                    // The caller gave up on this worker long ago.
                }
            }
        })
        {
            IsBackground = true,
            Name = "PolicyMiner document reader",
        };
        thread.Start();
        bool finished;
        try
        {
            finished = done.Wait(limit, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            stop.Cancel();
            throw;
        }
        if (!finished)
        {
            stop.Cancel();
            throw new TimeoutException($"not finished within {limit.TotalSeconds:0.###} s");
        }
        stop.Dispose();
        failure?.Throw();
        return result;
    }
}
