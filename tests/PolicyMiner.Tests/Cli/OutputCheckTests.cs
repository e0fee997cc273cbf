using System.Diagnostics;

namespace PolicyMiner.Tests.Cli;

/// <summary>
/// Every verb checks its output folder before any work. Tests run as root, for whom permission bits block nothing,
/// so the unwritable outputs here are a path under a regular file and a path in /proc (which nobody can create files in).
/// </summary>
public class OutputCheckTests
{
    private static string Sample => Path.Combine(SharedData.RepoRoot, "corpora", "sample", "regulations");

    private static string RegularFile()
    {
        var dir = Path.Combine(Path.GetTempPath(), "pm-out-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var file = Path.Combine(dir, "somefile.txt");
        File.WriteAllText(file, "not a folder");
        return file;
    }

    public static TheoryData<string> Verbs => ["train", "evaluate", "classify", "classify-sheet", "next", "extract", "export", "run", "segment", "codebook"];

    private static string[] Args(string verb, string output) => verb switch
    {
        "train" => ["train", "--docs", Path.Combine(Sample, "docs"), "--labels", Path.Combine(Sample, "labels.csv"), "--model", output],
        "evaluate" => ["evaluate", "--docs", Path.Combine(Sample, "docs"), "--labels", Path.Combine(Sample, "labels.csv"), "--folds", "5", "-o", Path.Combine(output, "evaluation.json")],
        "classify" => ["classify", "--seed-words", "--docs", Path.Combine(Sample, "new"), "-o", Path.Combine(output, "labeled.csv")],
        "classify-sheet" => ["classify", "--seed-words", "--docs", Path.Combine(Sample, "new"), "-o", Path.Combine(Path.GetTempPath(), "pm-out-" + Guid.NewGuid().ToString("N"), "labeled.csv"), "--sheet", Path.Combine(output, "coding.xlsx")],
        "next" => ["next", "--model", Path.Combine(SharedData.RepoRoot, "models", "fields-regulations"), "--docs", Path.Combine(Sample, "new"), "-o", Path.Combine(output, "round.xlsx")],
        "extract" => ["extract", Path.Combine(Sample, "new"), "-o", Path.Combine(output, "documents.jsonl")],
        "export" => ["export", "--docs", Path.Combine(SharedData.RepoRoot, "tests", "PolicyMiner.Tests", "Export", "Fixtures", "documents.jsonl"), "-o", output],
        "run" => ["run", Path.Combine(Sample, "new"), "--seed-words", "-o", output],
        "segment" => ["segment", Path.Combine(SharedData.RepoRoot, "tests", "PolicyMiner.Tests", "Export", "Fixtures", "documents.jsonl"), "-o", Path.Combine(output, "segmented.jsonl")],
        "codebook" => ["codebook", "--init", Path.Combine(output, "codebook.json")],
        _ => throw new ArgumentOutOfRangeException(nameof(verb)),
    };

    [Theory]
    [MemberData(nameof(Verbs))]
    public void Output_under_a_regular_file_fails_at_once_naming_the_file(string verb)
    {
        var file = RegularFile();
        var watch = Stopwatch.StartNew();
        var r = CliRunner.Run("", Args(verb, Path.Combine(file, "out")));
        Assert.Equal(1, r.ExitCode);
        Assert.Contains($"{file} is a file, not a folder", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("Choose another path", r.Stderr, StringComparison.Ordinal);
        // before any work: no document read, nothing trained (train + 5-fold CV take far longer than this)
        Assert.DoesNotContain("documents from", r.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("started", r.Stderr, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"{verb} took {watch.Elapsed}");
        Assert.Equal("not a folder", File.ReadAllText(file));
    }

    [Theory]
    [MemberData(nameof(Verbs))]
    public void Output_in_proc_fails_at_once_naming_the_folder(string verb) // Linux: /proc refuses new files, even root's
    {
        var r = CliRunner.Run("", Args(verb, "/proc/policyminer-out"));
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("cannot write in /proc", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("Choose a folder you can write to", r.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("documents from", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Output_folder_that_is_a_file_is_named()
    {
        var file = RegularFile();
        var ex = Assert.Throws<IOException>(() => OutputCheck.EnsureWritable(file, "--model"));
        Assert.Equal($"--model {file}: is a file, not a folder. Give a folder for the outputs (it is created if missing).", ex.Message);
        var dir = Path.GetDirectoryName(file)!;
        var asFile = Assert.Throws<IOException>(() => OutputCheck.EnsureWritableFile(dir, "-o"));
        Assert.Contains("is a folder; give a file name", asFile.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Writable_new_folder_passes_and_is_not_created_by_the_check()
    {
        var target = Path.Combine(Path.GetTempPath(), "pm-out-" + Guid.NewGuid().ToString("N"), "a", "b");
        OutputCheck.EnsureWritable(target, "-o");
        OutputCheck.EnsureWritableFile(Path.Combine(target, "x.csv"), "-o");
        Assert.False(Directory.Exists(target));
        Assert.False(Directory.Exists(Path.GetDirectoryName(Path.GetDirectoryName(target))));
    }
}
