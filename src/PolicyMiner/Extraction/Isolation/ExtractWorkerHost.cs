namespace PolicyMiner.Extraction.Isolation;

/// <summary>
/// The worker side of process isolation (issue 12): a single-threaded loop that reads the options, then one path
/// per request from its input, extracts the file exactly as the in-process path does
/// (<see cref="Extractor.ExtractFile(string, CancellationToken)"/>) and writes the record to its output,
/// with a <c>page</c> message whenever a PDF page starts (so that the parent can name the page if it has to stop the
/// worker). The parent bounds this process's time (it kills it) and memory (DOTNET_GCHeapHardLimit, and it kills it
/// above the limit); a stack overflow ends only this process.
/// </summary>
public static class ExtractWorkerHost
{
    /// <summary>Environment variable naming the memory limit of this worker in bytes (set by the parent), for error messages.</summary>
    public const string MemoryLimitVariable = "POLICYMINER_WORKER_MEMORY_LIMIT";

    /// <summary>Environment variable of the test hook that makes a worker hang on a given page of a given file (see <see cref="Serve"/>).</summary>
    public const string TestHangVariable = "POLICYMINER_TEST_HANG_AT";

    /// <summary>The memory limit of this process when it is a worker, else null.</summary>
    internal static long? MemoryLimitBytes { get; private set; }

    /// <summary>Environment variable with the parent's process id: a worker whose parent is gone (killed) ends itself.</summary>
    public const string ParentVariable = "POLICYMINER_WORKER_PARENT";

    // A killed parent closes our input, which ends the loop after the current document; a document that hangs would
    // never get there, so a background thread checks every 2 s that the parent still exists.
    private static void WatchParent()
    {
        if (!int.TryParse(Environment.GetEnvironmentVariable(ParentVariable), System.Globalization.CultureInfo.InvariantCulture, out var parent))
        {
            return;
        }
        new Thread(() =>
        {
            while (true)
            {
                Thread.Sleep(2000);
                try
                {
                    using var process = System.Diagnostics.Process.GetProcessById(parent);
                    if (process.HasExited)
                    {
                        Environment.Exit(3);
                    }
                }
                catch (ArgumentException)
                {
                    Environment.Exit(3); // no such process
                }
            }
        })
        { IsBackground = true, Name = "PolicyMiner worker parent watch" }.Start();
    }

    /// <summary>Serves requests until <paramref name="input"/> ends; returns the process exit code (0).</summary>
    public static int Serve(Stream input, Stream output)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        if (long.TryParse(Environment.GetEnvironmentVariable(MemoryLimitVariable), System.Globalization.CultureInfo.InvariantCulture, out var limit))
        {
            MemoryLimitBytes = limit;
        }
        WatchParent();
        var hello = WorkerProtocol.Read<WorkerRequest>(input);
        if (hello?.Options is null)
        {
            return 0;
        }
        var gate = new object();
        var path = "";
        // Test hook, off unless set: POLICYMINER_TEST_HANG_AT="name.pdf:2" stops this worker for good when page 2 of a
        // file named name.pdf starts, as a PdfPig page that never finishes would (the time-limit tests need a hang on demand).
        var hangAt = Environment.GetEnvironmentVariable(TestHangVariable)?.Split(':');
        // One document at a time, on this thread: the parent runs one worker per -j and bounds each one.
        var extractor = new Extractor(hello.Options with
        {
            MaxParallelism = 1,
            Workers = null,
            DocumentTimeout = Timeout.InfiniteTimeSpan, // the parent's clock: it kills this process when the time is up
            PageStarted = page =>
            {
                lock (gate)
                {
                    WorkerProtocol.Write(output, new WorkerReply("page", page, null));
                }
                if (hangAt is [var name, var at] && string.Equals(Path.GetFileName(path), name, StringComparison.Ordinal)
                    && string.Equals(at, page.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal))
                {
                    Thread.Sleep(Timeout.Infinite);
                }
            },
        });
        WorkerProtocol.Write(output, new WorkerReply("ready", 0, null));
        while (WorkerProtocol.Read<WorkerRequest>(input) is { Path: { } next })
        {
            path = next;
            var document = extractor.ExtractFile(path);
            lock (gate)
            {
                WorkerProtocol.Write(output, new WorkerReply("done", 0, document));
            }
        }
        return 0;
    }
}
