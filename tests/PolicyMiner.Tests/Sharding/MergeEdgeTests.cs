using PolicyMiner.Extraction;
using PolicyMiner.Sharding;
using PolicyMiner.Tests.Cli;

namespace PolicyMiner.Tests.Sharding;

/// <summary>Merges where the batch-wide parts matter: a byte-identical copy in another shard, shards without documents; with --qdpx.</summary>
public class MergeEdgeTests
{
    private static readonly string Sample = Path.Combine(SharedData.RepoRoot, "corpora", "sample", "regulations", "new");

    // Three real regulations plus a byte-identical copy of R0035 under a name that lands in another of 7 shards
    // (constructed: the copy is made here), so duplicate_of can only be found across shards, and some of the 7 shards are empty.
    private static (string Root, string Input, string Copy) Workspace()
    {
        var root = Path.Combine(Path.GetTempPath(), "pm-shard-edge-" + Guid.NewGuid().ToString("N"));
        var input = Path.Combine(root, "input");
        Directory.CreateDirectory(input);
        foreach (var name in new[] { "R0035.md", "R0065.md", "R0119.md" })
        {
            File.Copy(Path.Combine(Sample, name), Path.Combine(input, name));
        }
        // a name that starts with '-': the CSVs write its doc_id as '-draft (no spreadsheet formula) but sort it as -draft,
        // after (a) of another shard (shard 7 of 7; -draft is in shard 2): ' < ( < - in ordinal order
        File.Copy(Path.Combine(SharedData.RepoRoot, "corpora", "sample", "joint-policies", "digital-central-003.txt"), Path.Combine(input, "-draft.txt"));
        File.Copy(Path.Combine(SharedData.RepoRoot, "corpora", "sample", "joint-policies", "digital-central-011.txt"), Path.Combine(input, "(a).txt"));
        var copy = Enumerable.Range(1, 100).Select(i => $"copy{i}").First(id => Shard.Of(id, 7) != Shard.Of("R0035", 7));
        File.Copy(Path.Combine(Sample, "R0035.md"), Path.Combine(input, copy + ".md"));
        return (root, input, copy);
    }

    private static CliRunner.Result Run(string input, string output, params string[] extra) =>
        CliRunner.Run("", ["run", input, "--seed-words", "--qdpx", "--ocr", "off", "-o", output, .. extra]);

    [Fact]
    public void Duplicates_across_shards_and_empty_shards_merge_to_the_single_run()
    {
        var (root, input, copy) = Workspace();
        var single = Path.Combine(root, "single");
        Assert.Equal(0, Run(input, single).ExitCode);
        var shards = Enumerable.Range(1, 7).Select(i => Path.Combine(root, $"s{i}")).ToArray();
        for (var i = 0; i < 7; i++)
        {
            var r = Run(input, shards[i], "--shard", $"{i + 1}/7");
            Assert.True(r.ExitCode == 0, r.Stderr);
        }
        Assert.Contains(shards, s => ShardFile.TryRead(s)!.Stages["extract"].Documents == 0);
        // within its shard the copy has no original: not marked there
        var copyShard = shards[Shard.Of(copy, 7) - 1];
        Assert.Null(DocumentsJsonl.Read(Path.Combine(copyShard, "documents.jsonl")).Single(d => d.DocId == copy).DuplicateOf);

        var merged = Path.Combine(root, "merged");
        var m = CliRunner.Run("", ["merge", .. shards, "-o", merged]);
        Assert.True(m.ExitCode == 0, m.Stderr);
        Assert.Equal("R0035", DocumentsJsonl.Read(Path.Combine(merged, "documents.jsonl")).Single(d => d.DocId == copy).DuplicateOf);
        Assert.Contains("\r\n'-draft,", File.ReadAllText(Path.Combine(merged, "labeled.csv")), StringComparison.Ordinal);
        foreach (var name in new[] { "documents.jsonl", "documents.csv", "documents.extract-cache.json", "segmented.jsonl", "labeled.csv", "review.csv", "dataset.csv", "dataset.jsonl", "dataset.xlsx", "dataset.do", "project.qdpx" })
        {
            Assert.True(File.ReadAllBytes(Path.Combine(single, name)).SequenceEqual(File.ReadAllBytes(Path.Combine(merged, name))), name);
        }
    }
}
