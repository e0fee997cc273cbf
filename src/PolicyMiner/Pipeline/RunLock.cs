using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace PolicyMiner.Pipeline;

/// <summary>Another run holds the output folder; the message names its pid and start time and what to do.</summary>
public sealed class RunLockedException : IOException
{
    /// <summary>Creates the exception.</summary>
    public RunLockedException(string message) : base(message) { }

    /// <summary>Creates the exception.</summary>
    public RunLockedException() { }

    /// <summary>Creates the exception with its cause.</summary>
    public RunLockedException(string message, Exception innerException) : base(message, innerException) { }
}

/// <summary>
/// <c>&lt;out&gt;/run.lock</c>: while a run works in a folder, the folder says so — the file holds the pid, host and start
/// time of that run (JSON). It is created with O_EXCL semantics (<see cref="FileMode.CreateNew"/>), so of two runs
/// starting together exactly one gets it. A lock whose process is gone (killed run: the pid no longer exists, or now
/// belongs to a process started after the lock) is stale and taken over with a note. Removed when the run ends.
/// </summary>
public sealed class RunLock : IDisposable
{
    /// <summary>File name inside the output folder.</summary>
    public const string FileName = "run.lock";

    private readonly string path;

    private RunLock(string path) => this.path = path;

    /// <summary>What a lock file holds.</summary>
    /// <param name="Pid">Process id of the run.</param>
    /// <param name="Host">Machine name (a lock from another machine on a shared disk is never judged stale).</param>
    /// <param name="Started">UTC start time of the run (ISO 8601).</param>
    public sealed record Holder(int Pid, string Host, string Started);

    /// <summary>
    /// Takes the lock of <paramref name="folder"/>. Held by a live run: waits when <paramref name="wait"/> (polling every
    /// <paramref name="poll"/>, default 1 s) else throws <see cref="RunLockedException"/>. Stale: taken over, noted in <paramref name="log"/>.
    /// </summary>
    public static RunLock Acquire(string folder, bool wait, Action<string> log, TimeSpan? poll = null)
    {
        ArgumentNullException.ThrowIfNull(log);
        var path = Path.Combine(folder, FileName);
        var waited = false;
        while (true)
        {
            try
            {
                using (var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read))
                {
                    var me = new Holder(Environment.ProcessId, Environment.MachineName,
                        DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
                    JsonSerializer.Serialize(stream, me, RunManifest.JsonOptions);
                }
                return new RunLock(path);
            }
            catch (IOException) when (File.Exists(path))
            {
                var holder = Read(path);
                if (holder is null || IsStale(holder))
                {
                    log(holder is null
                        ? $"run: note: {path} was unreadable (a run killed while writing it); taking the folder over"
                        : $"run: note: a previous run (pid {holder.Pid}, started {holder.Started}) stopped without finishing (killed or crashed); taking the folder over and resuming from its last finished stage");
                    TryDelete(path);
                    continue;
                }
                if (!wait)
                {
                    throw new RunLockedException(
                        $"{folder} is in use by another run (pid {holder.Pid} on {holder.Host}, started {holder.Started} UTC). " +
                        "Wait for it to finish, give another -o folder, or add --wait to start when it is done. " +
                        $"If that run is gone, delete {path}.");
                }
                if (!waited)
                {
                    log($"run: waiting for the run with pid {holder.Pid} (started {holder.Started} UTC) to finish in {folder} …");
                    waited = true;
                }
                Thread.Sleep(poll ?? TimeSpan.FromSeconds(1));
            }
        }
    }

    /// <summary>The current holder of a folder's lock, or null when there is none (or it cannot be read).</summary>
    public static Holder? Read(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<Holder>(File.ReadAllText(path), RunManifest.JsonOptions);
        }
        catch (Exception ex) when (ex is IOException or JsonException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>True when the lock's run cannot still be running on this machine.</summary>
    internal static bool IsStale(Holder holder)
    {
        if (!string.Equals(holder.Host, Environment.MachineName, StringComparison.Ordinal))
        {
            return false; // another machine's run: we cannot see its processes
        }
        try
        {
            using var process = Process.GetProcessById(holder.Pid);
            if (process.HasExited)
            {
                return true;
            }
            // pid reuse: a process that started after the lock was written is not the run that wrote it
            return DateTime.TryParse(holder.Started, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var started)
                   && process.StartTime.ToUniversalTime() > started.AddSeconds(1);
        }
        catch (ArgumentException)
        {
            return true; // no such process
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // another run took it over first; the next CreateNew says so
        }
    }

    /// <summary>Releases the lock (deletes the file).</summary>
    public void Dispose() => TryDelete(path);
}
