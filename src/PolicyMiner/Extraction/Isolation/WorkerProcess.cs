using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace PolicyMiner.Extraction.Isolation;

/// <summary>How one document went in a worker process.</summary>
internal enum WorkerOutcomeKind
{
    /// <summary>The worker sent the record.</summary>
    Done,

    /// <summary>The time limit passed; the worker was killed.</summary>
    TimedOut,

    /// <summary>The worker's memory went over the limit; it was killed.</summary>
    OverMemory,

    /// <summary>The worker ended by itself (stack overflow, out of memory, a signal).</summary>
    Crashed,
}

/// <summary>The result of one document in a worker.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="Document">The record (Done).</param>
/// <param name="Page">The last page that started (0: none, or not a PDF).</param>
/// <param name="ExitCode">The worker's exit code (Crashed).</param>
/// <param name="Stderr">The start of what the worker wrote to stderr while on this document (Crashed).</param>
/// <param name="Bytes">Resident memory when it was killed (OverMemory).</param>
internal sealed record WorkerOutcome(WorkerOutcomeKind Kind, ExtractedDocument? Document, int Page, int ExitCode, string Stderr, long Bytes);

/// <summary>The worker process could not be started or did not say it was ready.</summary>
internal sealed class WorkerStartException(string message) : Exception(message);

/// <summary>
/// One extract worker process seen from the parent: starts it with its memory limit, sends one path at a time and
/// waits for the record while watching the clock and the process's resident memory; kills it when a bound is passed.
/// </summary>
internal sealed class WorkerProcess : IDisposable
{
    private const int StderrKeep = 8192;

    private readonly Process process;
    private readonly Stream toWorker;
    private readonly BlockingCollection<WorkerReply?> replies = new();
    private readonly StringBuilder stderr = new();
    private bool dead;

    private WorkerProcess(Process process)
    {
        this.process = process;
        toWorker = process.StandardInput.BaseStream;
    }

    /// <summary>The highest resident memory of this process so far (bytes; Linux VmHWM).</summary>
    public long PeakBytes { get; private set; }

    /// <summary>False once the process ended or was killed (it must not be used again).</summary>
    public bool Alive => !dead;

    /// <summary>Starts a worker and waits (up to <paramref name="startTimeout"/>) until it is ready.</summary>
    public static WorkerProcess Start(ExtractWorkerStart start, ExtractOptions workerOptions, long memoryLimitBytes, TimeSpan startTimeout)
    {
        var psi = new ProcessStartInfo(start.FileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in start.Arguments)
        {
            psi.ArgumentList.Add(argument);
        }
        // The GC heap of the worker is capped at the limit: a document that needs more gets an OutOfMemoryException
        // in the worker (an error row, the worker lives on) or, if the runtime itself cannot go on, the worker ends.
        psi.Environment.Remove("DOTNET_GCHeapHardLimitPercent");
        psi.Environment["DOTNET_GCHeapHardLimit"] = "0x" + memoryLimitBytes.ToString("X", CultureInfo.InvariantCulture);
        psi.Environment["DOTNET_gcServer"] = "0"; // one thread: workstation GC, no per-core heaps
        // Every worker JITs on its own, so the JIT is paid once per -j slot. Tiered compilation (quick JIT first, then
        // instrumented and optimised re-JITs of hot methods) cost more than it saved in a batch. CLI extract of 200 real
        // PDFs, CPU seconds of all processes (two runs each): -j 1 8.7–9.1 tiered, 6.5 without dynamic PGO, 4.9–5.1
        // with methods compiled once, optimised; -j 2 9.2 tiered → 6.2–6.3. A 2-file batch pays ~0.4 s more for it.
        foreach (var (name, value) in new[] { ("DOTNET_TieredPGO", "0"), ("DOTNET_TieredCompilation", "0") })
        {
            if (Environment.GetEnvironmentVariable(name) is null)
            {
                psi.Environment[name] = value;
            }
        }
        // Our own assemblies are ReadyToRun-compiled for the CLI's start-up (src/PolicyMiner.Cli/ReadyToRun.targets), but
        // with tiered compilation off that precompiled code is never replaced by the JIT's better code: a worker reading a
        // batch of 440 LibreOffice-printed PDFs needed 7.3–7.6 CPU-s with it and 6.6–6.8 without (a batch of 22: 1.0
        // vs 1.35, but there the parent's start-up is most of it). Workers compile our code themselves.
        if (Environment.GetEnvironmentVariable("DOTNET_ReadyToRunExcludeList") is null)
        {
            psi.Environment["DOTNET_ReadyToRunExcludeList"] = "PolicyMiner;PolicyMiner.Segmentation;PolicyMiner.Cli";
        }
        psi.Environment[ExtractWorkerHost.MemoryLimitVariable] = memoryLimitBytes.ToString(CultureInfo.InvariantCulture);
        psi.Environment[ExtractWorkerHost.ParentVariable] = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        Process process;
        try
        {
            process = Process.Start(psi) ?? throw new WorkerStartException($"{start.FileName} did not start");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new WorkerStartException($"{start.FileName} could not be started ({ex.Message})");
        }
        var worker = new WorkerProcess(process);
        process.ErrorDataReceived += (_, e) => worker.KeepStderr(e.Data);
        process.BeginErrorReadLine();
        var reader = new Thread(worker.ReadReplies) { IsBackground = true, Name = "PolicyMiner worker reader" };
        reader.Start();
        try
        {
            WorkerProtocol.Write(worker.toWorker, new WorkerRequest(workerOptions, null));
            if (!worker.replies.TryTake(out var ready, startTimeout) || ready?.Kind != "ready")
            {
                var why = worker.StderrText();
                worker.Dispose();
                throw new WorkerStartException($"{start.FileName} {string.Join(' ', start.Arguments)} did not become ready{(why.Length > 0 ? ": " + FirstLine(why) : "")}");
            }
        }
        catch (IOException ex)
        {
            var why = worker.StderrText();
            worker.Dispose();
            throw new WorkerStartException($"{start.FileName} ended while starting ({ex.Message}{(why.Length > 0 ? "; " + FirstLine(why) : "")})");
        }
        return worker;
    }

    /// <summary>Extracts one file in the worker, within the time limit and the resident-memory limit.</summary>
    public WorkerOutcome Extract(string path, TimeSpan timeout, long residentLimitBytes, CancellationToken cancellationToken)
    {
        lock (stderr)
        {
            stderr.Clear();
        }
        var page = 0;
        var clock = Stopwatch.StartNew();
        try
        {
            WorkerProtocol.Write(toWorker, new WorkerRequest(null, path));
        }
        catch (IOException)
        {
            return Ended(page);
        }
        var unlimited = timeout <= TimeSpan.Zero || timeout == Timeout.InfiniteTimeSpan;
        while (true)
        {
            WorkerReply? reply;
            bool got;
            try
            {
                got = replies.TryTake(out reply, 250, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                Kill();
                throw;
            }
            if (got)
            {
                switch (reply)
                {
                    case null:
                        return Ended(page);
                    case { Kind: "page" }:
                        page = reply.Page;
                        continue;
                    case { Kind: "done", Document: { } document }:
                        Sample();
                        return new WorkerOutcome(WorkerOutcomeKind.Done, document, page, 0, "", 0);
                    default:
                        Kill();
                        return new WorkerOutcome(WorkerOutcomeKind.Crashed, null, page, -1, $"unexpected message '{reply.Kind}'", 0);
                }
            }
            var resident = Sample();
            if (resident > residentLimitBytes)
            {
                Kill();
                return new WorkerOutcome(WorkerOutcomeKind.OverMemory, null, page, 0, "", resident);
            }
            if (!unlimited && clock.Elapsed > timeout)
            {
                Kill();
                return new WorkerOutcome(WorkerOutcomeKind.TimedOut, null, page, 0, "", 0);
            }
        }
    }

    // The worker's stdout closed: it ended. Wait for its exit code and the rest of its stderr.
    private WorkerOutcome Ended(int page)
    {
        dead = true;
        process.WaitForExit(10_000);
        process.WaitForExit(); // drains the asynchronous stderr reader
        return new WorkerOutcome(WorkerOutcomeKind.Crashed, null, page, process.HasExited ? process.ExitCode : -1, StderrText(), 0);
    }

    private long Sample()
    {
        try
        {
            process.Refresh();
            PeakBytes = Math.Max(PeakBytes, Math.Max(process.PeakWorkingSet64, process.WorkingSet64));
            return process.WorkingSet64;
        }
        catch (InvalidOperationException)
        {
            return 0; // exited; the reader thread reports it
        }
    }

    private void ReadReplies()
    {
        try
        {
            var fromWorker = process.StandardOutput.BaseStream;
            while (WorkerProtocol.Read<WorkerReply>(fromWorker) is { } reply)
            {
                replies.Add(reply);
            }
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or System.Text.Json.JsonException or ObjectDisposedException)
        {
            // the worker died mid-frame or wrote something else: treated as its end
        }
        try
        {
            replies.Add(null);
        }
        catch (InvalidOperationException)
        {
            // disposed meanwhile
        }
    }

    private void KeepStderr(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (stderr)
        {
            // the first lines say what happened ("Stack overflow.", "Out of memory."); a stack trace can be 50,000 lines
            if (stderr.Length < StderrKeep)
            {
                stderr.AppendLine(line);
            }
        }
    }

    private string StderrText()
    {
        lock (stderr)
        {
            return stderr.ToString().Trim();
        }
    }

    internal static string FirstLine(string text)
    {
        var end = text.IndexOf('\n', StringComparison.Ordinal);
        return (end < 0 ? text : text[..end]).Trim();
    }

    private void Kill()
    {
        dead = true;
        try
        {
            process.Kill(entireProcessTree: true); // tesseract children too
            process.WaitForExit(10_000);
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // already gone
        }
    }

    public void Dispose()
    {
        if (!dead)
        {
            try
            {
                toWorker.Close(); // end of input: the worker's loop ends and it exits 0
                if (!process.WaitForExit(5_000))
                {
                    Kill();
                }
            }
            catch (IOException)
            {
                Kill();
            }
        }
        dead = true;
        process.Dispose();
        replies.Dispose();
    }
}
