using System.Diagnostics;

namespace PolicyMiner.Tests.Sharding;

/// <summary>
/// A fact that needs a single-node Slurm: Debian's slurmctld/slurmd/munge installed (.ci/apt-packages.txt lists them)
/// and root, because tests/slurm/setup-slurm.sh writes slurm.conf and starts the daemons. Skipped, saying why, otherwise.
/// </summary>
public sealed class SlurmFactAttribute : FactAttribute
{
    public SlurmFactAttribute()
    {
        if (!File.Exists("/usr/sbin/slurmctld") || !File.Exists("/usr/sbin/slurmd") || !File.Exists("/usr/sbin/munged"))
        {
            Skip = "Slurm is not installed (apt-get install -y slurmd slurmctld slurm-client munge; .ci/apt-packages.txt lists them): the cluster job scripts are not run.";
        }
        else if (!string.Equals(Environment.UserName, "root", StringComparison.Ordinal))
        {
            Skip = "not root: tests/slurm/setup-slurm.sh writes slurm.conf and starts munged, slurmctld and slurmd (run the tests as root, as CI does).";
        }
    }
}

/// <summary>
/// The cluster job scripts of docs/slurm end to end (tests/slurm/run-slurm-test.sh): the README demo as a 3-task job
/// array + a dependent merge job under a real single-node Slurm equals one machine's run byte for byte, a shard re-run
/// alone reuses its stages, and a batch with a broken PDF still completes. Part of the README's one test command.
/// </summary>
public class SlurmJobTests
{
    [SlurmFact]
    public void Job_array_of_three_shards_and_merge_equals_one_machine()
    {
        var work = Path.Combine(Path.GetTempPath(), "policyminer-slurm-test-" + Guid.NewGuid().ToString("N")[..8]);
        var start = new ProcessStartInfo("bash")
        {
            WorkingDirectory = SharedData.RepoRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(SharedData.RepoRoot, "tests", "slurm", "run-slurm-test.sh"));
        start.ArgumentList.Add(work);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(15)), "run-slurm-test.sh did not finish within 15 minutes");
        var log = stdout + stderr.Result;
        Assert.True(process.ExitCode == 0, $"run-slurm-test.sh exited with {process.ExitCode}:\n{log}");
        Assert.Contains("PASSED", log, StringComparison.Ordinal);
        try
        {
            Directory.Delete(work, recursive: true);
        }
        catch (IOException)
        {
            // job logs of a still-exiting slurmstepd: the temp folder is left behind, the test result stands
        }
    }
}
