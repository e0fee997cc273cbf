using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace PolicyMiner.Benchmarks;

/// <summary>
/// The reference run: Debian's system python3 with python3-jieba 0.42.1 (<c>apt-get install python3-jieba</c>;
/// /usr/bin/python3, not a pyenv python on PATH) segments the same lines with the same protocol and times itself.
/// Only the benchmark uses it; the tool and the unit tests never do.
/// </summary>
internal static class PythonJieba
{
    public const string Interpreter = "/usr/bin/python3";

    // Times itself: load (jieba.initialize + first cut, posseg import + first posseg cut; jieba's marshal cache in the temp dir may be used, as
    // for any Python user), then per mode `runs` passes over every line separately, median. Prints TSV.
    private const string Script = """
import sys, time, statistics
path, runs = sys.argv[1], int(sys.argv[2])
with open(path, encoding='utf-8') as f:
    lines = f.read().split('\n')
t = time.perf_counter()
import jieba
jieba.setLogLevel(60)
jieba.initialize()
jieba.lcut('他来到了网易杭研大厦')
load = time.perf_counter() - t
t = time.perf_counter()
import jieba.posseg
jieba.posseg.lcut('他来到了网易杭研大厦')
posload = time.perf_counter() - t
t = time.perf_counter()
import jieba.analyse
idfload = time.perf_counter() - t
modes = [
    ('precise-hmm', lambda s: jieba.lcut(s)),
    ('precise-nohmm', lambda s: jieba.lcut(s, HMM=False)),
    ('cut-all', lambda s: jieba.lcut(s, cut_all=True)),
    ('search', lambda s: jieba.lcut_for_search(s)),
    ('posseg', lambda s: jieba.posseg.lcut(s)),
]
print('load\t%r' % load)
print('posseg-load\t%r' % posload)
print('idf-load\t%r' % idfload)
for name, f in modes:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        for s in lines:
            f(s)
        times.append(time.perf_counter() - t)
    print('%s\t%r' % (name, statistics.median(times)), flush=True)
""";

    public static bool IsAvailable(out string why)
    {
        if (!File.Exists(Interpreter))
        {
            why = $"{Interpreter} not found";
            return false;
        }
        var probe = RunPython(["-c", "import jieba; print(jieba.__version__)"], TimeSpan.FromSeconds(60));
        why = probe.ExitCode == 0 ? "" : "python3-jieba is not installed (apt-get install -y python3-jieba)";
        return probe.ExitCode == 0;
    }

    /// <summary>Runs the timing script on <paramref name="lines"/>; returns seconds per key (load, posseg-load, modes).</summary>
    public static Dictionary<string, double> Time(IReadOnlyList<string> lines, int runs)
    {
        var input = Path.Combine(Path.GetTempPath(), $"policyminer-bench-{Environment.ProcessId}.txt");
        File.WriteAllText(input, string.Join('\n', lines), new UTF8Encoding(false));
        try
        {
            var result = RunPython(["-c", Script, input, runs.ToString(CultureInfo.InvariantCulture)], TimeSpan.FromHours(1));
            if (result.ExitCode != 0)
            {
                throw new InvalidOperationException($"python jieba reference run failed (exit {result.ExitCode}): {result.Stderr}");
            }
            return result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(l => l.Split('\t'))
                .ToDictionary(f => f[0], f => double.Parse(f[1], CultureInfo.InvariantCulture), StringComparer.Ordinal);
        }
        finally
        {
            File.Delete(input);
        }
    }

    private static (int ExitCode, string Stdout, string Stderr) RunPython(string[] args, TimeSpan timeout)
    {
        var psi = new ProcessStartInfo(Interpreter)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        psi.Environment["PYTHONIOENCODING"] = "utf-8";
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {Interpreter}");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"python jieba reference run took longer than {timeout}");
        }
        return (process.ExitCode, stdout, stderr.Result);
    }
}
