using System.Collections.Concurrent;
using System.Globalization;

namespace PolicyMiner.Extraction.Isolation;

/// <summary>
/// Extraction in worker processes (issue 12 item 1, issue 13 item 3): up to <see cref="ExtractOptions.MaxParallelism"/>
/// single-threaded workers, each with its own GC and a hard heap limit. A document that passes its time limit or its
/// memory limit has its worker killed; one that crashes its worker (a stack overflow in PdfPig, which .NET cannot
/// catch) ends only that worker. Each becomes an error row naming the file, the page if known and the limit; the
/// worker is replaced on the next document and the batch goes on. Separate processes also scale with -j: threads
/// in one process shared one GC, whose pauses stop every thread (README, extract-parallel).
/// When no worker can be started, <see cref="Extract"/> returns null and the caller extracts in-process.
/// </summary>
public sealed class ExtractWorkerPool : IDisposable
{
    /// <summary>Resident memory a worker may use above its GC heap limit (runtime, JIT code, native buffers) before it is killed.</summary>
    public const long NativeAllowanceBytes = 256L << 20;

    private readonly ExtractOptions options;
    private readonly ExtractWorkerStart start;
    private readonly ConcurrentBag<WorkerProcess> idle = [];
    private readonly object gate = new();
    private long peakBytes;
    private int started;
    private int replaced;
    private string? startFailure;
    private bool disposed;

    private ExtractWorkerPool(ExtractOptions options, ExtractWorkerStart start)
    {
        this.options = options;
        this.start = start;
        MemoryLimitBytes = options.MaxWorkerMemoryBytes > 0 ? options.MaxWorkerMemoryBytes : DefaultMemoryLimitBytes(options.MaxParallelism);
    }

    /// <summary>A pool for <paramref name="options"/>, or null when they ask for in-process extraction (no <see cref="ExtractOptions.Workers"/>).</summary>
    public static ExtractWorkerPool? For(ExtractOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Workers is { } start ? new ExtractWorkerPool(options, start) : null;
    }

    /// <summary>
    /// The default memory limit per worker: 4 GiB, or less when <paramref name="workers"/> workers at 4 GiB would not
    /// fit in 75 % of the machine's memory (2 workers on a 24 GB machine: 4 GiB each).
    /// </summary>
    public static long DefaultMemoryLimitBytes(int workers)
    {
        var total = PhysicalMemoryBytes();
        var share = (long)(total * 0.75 / Math.Max(1, workers)) - NativeAllowanceBytes;
        return Math.Clamp(share, 256L << 20, 4L << 30);
    }

    private static long PhysicalMemoryBytes()
    {
        try
        {
            // /proc/meminfo: "MemTotal:  24570000 kB"; the GC's own figure is already cut by the CLI's heap limit.
            foreach (var line in File.ReadLines("/proc/meminfo"))
            {
                if (line.StartsWith("MemTotal:", StringComparison.Ordinal))
                {
                    return long.Parse(line["MemTotal:".Length..].Replace("kB", "", StringComparison.Ordinal).Trim(), CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            // not Linux: fall back to what the GC sees
        }
        return GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
    }

    /// <summary>The GC heap limit of each worker (bytes).</summary>
    public long MemoryLimitBytes { get; }

    /// <summary>The highest resident memory of any worker (bytes).</summary>
    public long PeakWorkerBytes => Interlocked.Read(ref peakBytes);

    /// <summary>Workers started (including replacements).</summary>
    public int Started => Volatile.Read(ref started);

    /// <summary>Workers killed or crashed on a document and replaced.</summary>
    public int Replaced => Volatile.Read(ref replaced);

    /// <summary>Why workers could not be started (the batch then ran in-process), or null.</summary>
    public string? StartFailure => Volatile.Read(ref startFailure);

    /// <summary>
    /// Extracts <paramref name="path"/> in a worker: its record, or an error row (content hash <paramref name="sha256"/>)
    /// when the worker passed a bound or crashed; null when no worker can be started (extract in-process instead).
    /// </summary>
    public ExtractedDocument? Extract(string path, string sha256, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        var worker = Rent();
        if (worker is null)
        {
            return null;
        }
        WorkerOutcome outcome;
        try
        {
            outcome = worker.Extract(path, options.DocumentTimeout, MemoryLimitBytes + NativeAllowanceBytes, cancellationToken);
        }
        finally
        {
            Return(worker);
        }
        return outcome.Kind == WorkerOutcomeKind.Done
            ? outcome.Document
            : Extractor.ErrorRow(path, sha256, ErrorMessage(path, outcome));
    }

    private WorkerProcess? Rent()
    {
        if (idle.TryTake(out var worker))
        {
            return worker;
        }
        if (StartFailure is not null)
        {
            return null;
        }
        try
        {
            worker = WorkerProcess.Start(start, options, MemoryLimitBytes, TimeSpan.FromSeconds(60));
            Interlocked.Increment(ref started);
            return worker;
        }
        catch (WorkerStartException ex)
        {
            Interlocked.CompareExchange(ref startFailure, ex.Message, null);
            return null;
        }
    }

    private void Return(WorkerProcess worker)
    {
        lock (gate)
        {
            peakBytes = Math.Max(peakBytes, worker.PeakBytes);
            if (worker.Alive && !disposed)
            {
                idle.Add(worker);
                return;
            }
        }
        if (!worker.Alive)
        {
            Interlocked.Increment(ref replaced); // the next document starts a fresh one
        }
        worker.Dispose();
    }

    private string ErrorMessage(string path, WorkerOutcome outcome)
    {
        var where = outcome.Page > 0 ? $" (at page {outcome.Page.ToString(CultureInfo.InvariantCulture)})" : "";
        var limitMb = (MemoryLimitBytes >> 20).ToString(CultureInfo.InvariantCulture);
        const string goesOn = "its worker process was stopped and replaced, and the batch went on";
        switch (outcome.Kind)
        {
            case WorkerOutcomeKind.TimedOut:
                return $"{path}: not finished within the time limit of {options.DocumentTimeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s per document (--timeout){where}; {goesOn}. "
                    + "The file is malformed there or very large: re-save it with a PDF viewer (\"Save as\"/\"Print to PDF\") or split it "
                    + "(e.g. `qpdf in.pdf --pages . 1-100 -- part1.pdf`) and extract the parts; for very long scans with OCR allow more time with --timeout SECONDS.";
            case WorkerOutcomeKind.OverMemory:
                return $"{path}: needed more than the memory limit of {limitMb} MB per document (--max-memory-mb){where}: its worker reached "
                    + $"{(outcome.Bytes >> 20).ToString(CultureInfo.InvariantCulture)} MB; {goesOn}. The file is probably damaged or crafted (e.g. a compression bomb); "
                    + "if it is genuine, extract it alone with a higher --max-memory-mb.";
            default:
                var first = WorkerProcess.FirstLine(outcome.Stderr);
                var exit = outcome.ExitCode.ToString(CultureInfo.InvariantCulture);
                if (outcome.Stderr.Contains("Stack overflow", StringComparison.OrdinalIgnoreCase))
                {
                    return $"{path}: reading it overflowed the stack{where} (exit code {exit}): the file's structure refers to itself or nests without end "
                        + $"(damaged or crafted); {goesOn}. Re-save the file with a PDF viewer (\"Print to PDF\") and extract the copy.";
                }
                if (outcome.Stderr.Contains("Out of memory", StringComparison.OrdinalIgnoreCase) || outcome.Stderr.Contains("OutOfMemory", StringComparison.Ordinal)
                    || outcome.ExitCode == 137)
                {
                    return $"{path}: ran out of memory{where} (the limit is {limitMb} MB per document, --max-memory-mb; exit code {exit}); {goesOn}. "
                        + "The file is probably damaged or crafted (e.g. a compression bomb); if it is genuine, extract it alone with a higher --max-memory-mb.";
                }
                return $"{path}: the worker process reading it ended unexpectedly{where} (exit code {exit}{(first.Length > 0 ? ": " + first : "")}); {goesOn}. "
                    + "The file may be damaged: re-save it or convert it to another format; if it opens fine elsewhere, please report this with the file.";
        }
    }

    /// <summary>A line for the user: how many workers, their limit, peak memory and replacements.</summary>
    public string Summary() => StartFailure is { } failure && Started == 0
        ? $"worker processes could not be started ({failure}); extracted in this process instead, without per-document memory bounds"
        : string.Create(CultureInfo.InvariantCulture,
            $"{Started} worker processes started ({Replaced} stopped after a crash or a limit and replaced), memory limit {MemoryLimitBytes >> 20} MB each, peak {PeakWorkerBytes >> 20} MB")
          + (StartFailure is { } late ? $"; then a worker could not be started ({late}) and the rest was extracted in this process" : "");

    /// <summary>Ends the workers (end of input; killed if they do not exit within 5 s).</summary>
    public void Dispose()
    {
        lock (gate)
        {
            disposed = true;
        }
        while (idle.TryTake(out var worker))
        {
            worker.Dispose();
        }
    }
}
