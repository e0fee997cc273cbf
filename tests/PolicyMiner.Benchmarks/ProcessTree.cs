using System.Diagnostics;
using System.Globalization;

namespace PolicyMiner.Benchmarks;

/// <summary>
/// Runs a program and samples, every 100 ms, the resident memory of it and of every process below it (the extract
/// worker processes): peak of the sum and peak of the largest single child. Linux (/proc); elsewhere only the process.
/// </summary>
internal static class ProcessTree
{
    public sealed record Run(int Exit, double Seconds, long PeakTotalBytes, long PeakChildBytes, string Stderr)
    {
        /// <summary>CPU seconds (user + system) of the program and every process below it that it waited for.</summary>
        public double CpuSeconds { get; init; }
    }

    // cutime + cstime of /proc/self/stat (fields 16 and 17, clock ticks of 1/100 s): the CPU time of our children
    // that have ended and were waited for, their own waited-for children (the extract workers) included.
    private static double ChildrenCpuSeconds()
    {
        var stat = File.ReadAllText("/proc/self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // fields[0] is field 3 (state); cutime is field 16, cstime field 17
        return (long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture)) / 100.0;
    }

    public static Run Start(string fileName, IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo(fileName) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        var cpu0 = ChildrenCpuSeconds();
        var watch = Stopwatch.StartNew();
        using var p = Process.Start(psi)!;
        var stderr = new System.Text.StringBuilder();
        p.ErrorDataReceived += (_, e) =>
        {
            lock (stderr)
            {
                if (e.Data is not null && stderr.Length < 1 << 20)
                {
                    stderr.AppendLine(e.Data);
                }
            }
        };
        p.OutputDataReceived += (_, _) => { };
        p.BeginErrorReadLine();
        p.BeginOutputReadLine();
        long total = 0, child = 0;
        while (!p.WaitForExit(100))
        {
            var own = Resident(p.Id);
            var children = Descendants(p.Id).Select(Resident).ToList();
            total = Math.Max(total, own + children.Sum());
            child = Math.Max(child, children.DefaultIfEmpty(0).Max());
        }
        p.WaitForExit();
        string text;
        lock (stderr)
        {
            text = stderr.ToString();
        }
        return new Run(p.ExitCode, watch.Elapsed.TotalSeconds, total, child, text) { CpuSeconds = ChildrenCpuSeconds() - cpu0 };
    }

    private static List<int> Descendants(int pid)
    {
        var result = new List<int>();
        try
        {
            foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
            {
                foreach (var c in File.ReadAllText(Path.Combine(task, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    var id = int.Parse(c, CultureInfo.InvariantCulture);
                    result.Add(id);
                    result.AddRange(Descendants(id));
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // gone meanwhile, or not Linux
        }
        return result;
    }

    // VmRSS of /proc/PID/status, in bytes (0 when the process is gone).
    private static long Resident(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    return long.Parse(line[6..].Replace("kB", "", StringComparison.Ordinal).Trim(), CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // gone meanwhile
        }
        return 0;
    }
}
