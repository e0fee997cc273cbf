using PolicyMiner.Pipeline;
using PolicyMiner.Tests.Cli;

namespace PolicyMiner.Tests.Sharding;

/// <summary>Coding sheets written by <c>classify --shard i/n --sheet</c> are joined by merge into the sheet one classify writes.</summary>
public partial class MergeTests
{
    private string ClassifiedCopy(int i, params string[] sheet)
    {
        var copy = Demo.Copy(Demo.Shards[i - 1], $"sheet{i}");
        var c = CliRunner.Run("", ["classify", "--docs", Path.Combine(copy, "documents.jsonl"), "--shard", $"{i}/3", "-o", Path.Combine(copy, "labeled.csv"), .. sheet]);
        Assert.True(c.ExitCode == 0, c.Stderr);
        return copy;
    }

    [Fact]
    public void Coding_sheets_of_3_shards_merge_to_the_sheet_of_one_classify_and_a_missing_one_is_refused()
    {
        var whole = Path.Combine(Demo.Root, "sheet-whole-" + Guid.NewGuid().ToString("N")[..8]);
        var c = CliRunner.Run("", ["classify", "--docs", Path.Combine(Demo.Whole, "documents.jsonl"), "-o", Path.Combine(whole, "labeled.csv"), "--sheet", "coding.csv"]);
        Assert.True(c.ExitCode == 0, c.Stderr);
        var shards = Enumerable.Range(1, 3).Select(i => ClassifiedCopy(i, "--sheet", "coding.csv")).ToArray();

        var output = NewOut();
        var r = CliRunner.Run("", ["merge", .. shards, "-o", output, "--no-export"]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("coding sheets", r.Stderr, StringComparison.Ordinal);
        Assert.Equal(File.ReadAllBytes(Path.Combine(whole, "coding.csv")), File.ReadAllBytes(Path.Combine(output, "coding.csv")));
        Assert.Equal(File.ReadAllBytes(Path.Combine(whole, "labeled.csv")), File.ReadAllBytes(Path.Combine(output, "labeled.csv")));
        Assert.True(File.ReadAllLines(Path.Combine(output, "coding.csv")).Length > 25, "one row per document");
        // --no-export: the joined files, no dataset, and no export stage in the manifest
        Assert.False(File.Exists(Path.Combine(output, "dataset.csv")));
        Assert.DoesNotContain(RunManifest.TryRead(Path.Combine(output, RunManifest.FileName))!.Stages, s => s.Stage == "export");

        // shard 2 classified again without --sheet: its sheet is no longer recorded, and merge says which shard lacks one
        var without = ClassifiedCopy(2);
        var refused = CliRunner.Run("", ["merge", shards[0], without, shards[2], "-o", NewOut(), "--no-export"]);
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("coding sheet missing", refused.Stderr, StringComparison.Ordinal);
        Assert.Contains(without, refused.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Xlsx_coding_sheets_of_3_shards_merge_to_the_sheet_of_one_classify()
    {
        var whole = Path.Combine(Demo.Root, "xlsx-whole-" + Guid.NewGuid().ToString("N")[..8]);
        var c = CliRunner.Run("", ["classify", "--docs", Path.Combine(Demo.Whole, "documents.jsonl"), "-o", Path.Combine(whole, "labeled.csv"), "--sheet", "coding.xlsx"]);
        Assert.True(c.ExitCode == 0, c.Stderr);
        var shards = Enumerable.Range(1, 3).Select(i => ClassifiedCopy(i, "--sheet", "coding.xlsx")).ToArray();
        var output = NewOut();
        var r = CliRunner.Run("", ["merge", shards[1], shards[2], shards[0], "-o", output, "--no-export"]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal(File.ReadAllBytes(Path.Combine(whole, "coding.xlsx")), File.ReadAllBytes(Path.Combine(output, "coding.xlsx")));
    }
}
