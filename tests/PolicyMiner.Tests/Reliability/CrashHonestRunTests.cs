using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using PolicyMiner.Pipeline;
using PolicyMiner.Tests.Cli;

namespace PolicyMiner.Tests.Reliability;

// Issue 12 item 6: a killed run resumes from its last finished stage, a folder in use says so, leftovers are removed.
public class CrashHonestRunTests
{
    private static readonly string Codebook = Path.Combine(SharedData.RepoRoot, "corpora", "codebook.json");

    private static CliRunner.Result Run(HostileFolder folder, params string[] extra) =>
        CliRunner.Run("", ["run", folder.Input, "--seed-words", "--codebook", Codebook, "--ocr", "off", "-o", folder.Output, .. extra]);

    private static RunManifest Manifest(HostileFolder folder) =>
        RunManifest.TryRead(Path.Combine(folder.Output, RunManifest.FileName)) ?? throw new InvalidOperationException("no manifest.json");

    private static void WriteLock(HostileFolder folder, int pid, DateTime started)
    {
        Directory.CreateDirectory(folder.Output);
        File.WriteAllText(Path.Combine(folder.Output, RunLock.FileName), JsonSerializer.Serialize(
            new RunLock.Holder(pid, Environment.MachineName, started.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture)), RunManifest.JsonOptions));
    }

    [Fact]
    public void A_run_that_dies_in_export_leaves_a_manifest_of_the_finished_stages_and_resumes_there()
    {
        using var folder = new HostileFolder(hostile: false);
        // export cannot put dataset.csv in place: a folder stands in its way (as a kill or a full disk would stop it)
        Directory.CreateDirectory(Path.Combine(folder.Output, "dataset.csv"));
        var failed = Run(folder);
        Assert.NotEqual(0, failed.ExitCode);
        var partial = Manifest(folder);
        Assert.False(partial.Complete);
        Assert.Equal(["extract", "segment", "classify"], partial.Stages.Select(s => s.Stage));
        Assert.False(File.Exists(Path.Combine(folder.Output, "dataset.do"))); // no export output swapped in without the rest
        Assert.False(File.Exists(Path.Combine(folder.Output, RunLock.FileName)));
        Directory.Delete(Path.Combine(folder.Output, "dataset.csv"));
        var resumed = Run(folder);
        Assert.True(resumed.ExitCode == 0, resumed.Stderr);
        var m = Manifest(folder);
        Assert.True(m.Complete);
        Assert.Equal(["skipped", "skipped", "skipped", "ran"], m.Stages.Select(s => s.Status));
        Assert.True(File.Exists(Path.Combine(folder.Output, "dataset.csv")));
    }

    [Fact]
    public void A_second_run_into_a_folder_in_use_refuses_naming_the_pid()
    {
        using var folder = new HostileFolder(hostile: false);
        WriteLock(folder, Environment.ProcessId, DateTime.UtcNow); // this test process is alive and started before now
        var r = Run(folder);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains($"in use by another run (pid {Environment.ProcessId}", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("--wait", r.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(folder.Output, "documents.jsonl")));
    }

    [Fact]
    public async Task With_wait_the_second_run_starts_when_the_first_is_done()
    {
        using var folder = new HostileFolder(hostile: false);
        WriteLock(folder, Environment.ProcessId, DateTime.UtcNow);
        var second = Task.Run(() => Run(folder, "--wait"));
        await Task.Delay(1500);
        Assert.False(second.IsCompleted);
        File.Delete(Path.Combine(folder.Output, RunLock.FileName)); // the first run ends
        var result = await second.WaitAsync(TimeSpan.FromSeconds(120));
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains($"waiting for the run with pid {Environment.ProcessId}", result.Stderr, StringComparison.Ordinal);
        Assert.True(Manifest(folder).Complete);
    }

    [Fact]
    public void A_stale_lock_of_a_dead_process_is_taken_over_with_a_note_and_leftover_temp_files_are_removed()
    {
        using var folder = new HostileFolder(hostile: false);
        int deadPid;
        using (var process = Process.Start(new ProcessStartInfo("/bin/true"))!)
        {
            process.WaitForExit();
            deadPid = process.Id;
        }
        WriteLock(folder, deadPid, DateTime.UtcNow.AddMinutes(-5));
        var leftover = Path.Combine(folder.Output, ".dataset.csv.4242.0123456789abcdef.tmp");
        File.WriteAllBytes(leftover, []);
        Directory.CreateDirectory(Path.Combine(folder.Output, RunPipeline.StagingFolder, "network"));
        var r = Run(folder);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains($"previous run (pid {deadPid}", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("removed 2 unfinished temporary", r.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(leftover));
        Assert.False(Directory.Exists(Path.Combine(folder.Output, RunPipeline.StagingFolder)));
        Assert.False(File.Exists(Path.Combine(folder.Output, RunLock.FileName)));
        Assert.True(Manifest(folder).Complete);
    }
}
