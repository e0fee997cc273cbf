using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PolicyMiner.Pipeline;
using PolicyMiner.Sharding;
using PolicyMiner.Tests.Cli;

namespace PolicyMiner.Tests.Sharding;

/// <summary>
/// The README demo corpus (corpora/sample/regulations/new + corpora/sample/joint-policies, shipped model) run once as a
/// whole and once as 3 shards; shared by the tests of this class (built once: ~6 runs of a few seconds).
/// </summary>
public sealed class DemoShards
{
    public static readonly string[] Inputs =
    [
        Path.Combine(SharedData.RepoRoot, "corpora", "sample", "regulations", "new"),
        Path.Combine(SharedData.RepoRoot, "corpora", "sample", "joint-policies"),
    ];

    public DemoShards()
    {
        Root = Path.Combine(Path.GetTempPath(), "pm-shards-" + Guid.NewGuid().ToString("N"));
        Whole = Path.Combine(Root, "single");
        Assert.Equal(0, Run(Whole).ExitCode);
        Shards = [.. Enumerable.Range(1, 3).Select(i => Path.Combine(Root, $"shard{i}"))];
        for (var i = 0; i < 3; i++)
        {
            var r = Run(Shards[i], "--shard", $"{i + 1}/3");
            Assert.True(r.ExitCode == 0, r.Stderr);
        }
    }

    public string Root { get; }

    public string Whole { get; }

    public string[] Shards { get; }

    internal static CliRunner.Result Run(string output, params string[] extra) =>
        CliRunner.Run("", ["run", .. Inputs, "--ocr", "off", "-o", output, .. extra]);

    /// <summary>Copies a shard folder (to change or duplicate it).</summary>
    public string Copy(string shard, string name)
    {
        var target = Path.Combine(Root, name + "-" + Guid.NewGuid().ToString("N")[..8]);
        foreach (var file in Directory.EnumerateFiles(shard, "*", SearchOption.AllDirectories))
        {
            var to = Path.Combine(target, Path.GetRelativePath(shard, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }
        return target;
    }
}

public partial class MergeTests(DemoShards demo) : IClassFixture<DemoShards>
{
    private DemoShards Demo => demo;

    private string NewOut() => Path.Combine(demo.Root, "merged-" + Guid.NewGuid().ToString("N")[..8]);

    private static CliRunner.Result Merge(string output, params string[] shards) => CliRunner.Run("", ["merge", .. shards, "-o", output]);

    // Files compared byte for byte: every file of the single run except
    //   manifest.json (output folder, stage status/key/seconds/summary and report.html's hash differ: compared field by field below),
    //   report.html (its provenance names the command: `policyminer run (…)` vs `policyminer merge …`: compared with that cell removed),
    private static readonly HashSet<string> NotByteCompared = [RunManifest.FileName, "report.html"];

    private static Dictionary<string, string> Files(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/'))
            .Where(f => f != RunLock.FileName)
            .ToDictionary(f => f, f => Path.Combine(folder, f), StringComparer.Ordinal);

    private static string WithoutCommand(string html) =>
        Regex.Replace(html, "(<th>command 命令</th><td>)[^<]*(</td>)", "$1$2");

    [Fact]
    public void One_shard_vs_three_shards_plus_merge_give_identical_outputs()
    {
        var output = NewOut();
        var r = Merge(output, demo.Shards[2], demo.Shards[0], demo.Shards[1]); // any order
        Assert.True(r.ExitCode == 0, r.Stderr);
        var single = Files(demo.Whole);
        var merged = Files(output);
        Assert.Equal(single.Keys.Order(StringComparer.Ordinal), merged.Keys.Order(StringComparer.Ordinal));
        Assert.True(single.Count >= 20, string.Join(", ", single.Keys)); // documents, segmented, labeled, review, dataset.*, network/…, report
        foreach (var (name, path) in single.Where(f => !NotByteCompared.Contains(f.Key)))
        {
            Assert.True(File.ReadAllBytes(path).SequenceEqual(File.ReadAllBytes(merged[name])), $"{name} differs between the single run and the merge");
        }
        var singleReport = File.ReadAllText(single["report.html"]);
        var mergedReport = File.ReadAllText(merged["report.html"]);
        Assert.Contains("policyminer merge", mergedReport, StringComparison.Ordinal);
        Assert.Equal(WithoutCommand(singleReport), WithoutCommand(mergedReport));

        var a = JsonNode.Parse(File.ReadAllText(single[RunManifest.FileName]))!.AsObject();
        var b = JsonNode.Parse(File.ReadAllText(merged[RunManifest.FileName]))!.AsObject();
        foreach (var field in new[] { "tool_version", "tool_build", "inputs", "training_inputs", "model", "error_rows", "complete" })
        {
            Assert.True(JsonNode.DeepEquals(a[field], b[field]), field);
        }
        var options = (JsonObject)b["options"]!.DeepClone();
        options.Remove("merged_from");
        options["output"] = a["options"]!["output"]!.GetValue<string>();
        Assert.True(JsonNode.DeepEquals(a["options"], options));
        string Outputs(JsonObject m) => string.Join("\n", m["stages"]!.AsArray().Select(s => s!["stage"] + " " + s["key"] + ": " +
            string.Join(" ", s["outputs"]!.AsArray().Select(o => o!["path"] + (o["path"]!.GetValue<string>() == "report.html" ? "" : "=" + o["sha256"])))));
        Assert.Equal(Outputs(a), Outputs(b));
        Assert.Equal(25, a["inputs"]!.AsArray().Count);

        // the merged folder is a run folder: the same run into it finds every stage done
        var again = DemoShards.Run(output);
        Assert.True(again.ExitCode == 0, again.Stderr);
        Assert.All(RunManifest.TryRead(Path.Combine(output, RunManifest.FileName))!.Stages, s => Assert.Equal("skipped", s.Status));
    }

    [Fact]
    public void Shards_made_with_the_stage_verbs_merge_to_the_single_run_too()
    {
        var folders = new List<string>();
        for (var i = 1; i <= 3; i++)
        {
            var dir = Path.Combine(demo.Root, $"verbs{i}-" + Guid.NewGuid().ToString("N")[..8]);
            folders.Add(dir);
            var docs = Path.Combine(dir, "documents.jsonl");
            var e = CliRunner.Run("", ["extract", .. DemoShards.Inputs, "--ocr", "off", "--shard", $"{i}/3", "-o", docs]);
            Assert.True(e.ExitCode == 0, e.Stderr);
            // segment is given the whole batch's documents.jsonl and keeps its shard's part
            var g = CliRunner.Run("", ["segment", Path.Combine(demo.Whole, "documents.jsonl"), "--shard", $"{i}/3", "-o", Path.Combine(dir, "segmented.jsonl")]);
            Assert.True(g.ExitCode == 0, g.Stderr);
            var c = CliRunner.Run("", ["classify", "--docs", docs, "--shard", $"{i}/3", "-o", Path.Combine(dir, "labeled.csv")]);
            Assert.True(c.ExitCode == 0, c.Stderr);
        }
        var output = NewOut();
        var r = Merge(output, [.. folders]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        foreach (var (name, path) in Files(demo.Whole).Where(f => !NotByteCompared.Contains(f.Key)))
        {
            Assert.True(File.ReadAllBytes(path).SequenceEqual(File.ReadAllBytes(Path.Combine(output, name))), $"{name} differs between the single run and the merge of stage-verb shards");
        }
    }

    [Fact]
    public void A_shard_knows_its_shard_and_holds_only_its_documents_under_their_single_run_ids()
    {
        var singleIds = PolicyMiner.Extraction.DocumentsJsonl.Read(Path.Combine(demo.Whole, "documents.jsonl")).Select(d => d.DocId).ToHashSet();
        var seen = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var record = ShardFile.TryRead(demo.Shards[i])!;
            Assert.Equal($"{i + 1}/3", record.Shard);
            Assert.Equal(25, record.BatchDocuments);
            Assert.Equal($"{i + 1}/3", RunManifest.TryRead(Path.Combine(demo.Shards[i], RunManifest.FileName))!.Shard);
            Assert.False(File.Exists(Path.Combine(demo.Shards[i], "dataset.csv"))); // export is merge's
            foreach (var d in PolicyMiner.Extraction.DocumentsJsonl.Read(Path.Combine(demo.Shards[i], "documents.jsonl")))
            {
                Assert.Equal(i + 1, Shard.Of(d.DocId, 3));
                Assert.Contains(d.DocId, singleIds);
                seen.Add(d.DocId);
            }
        }
        Assert.Equal(singleIds.Order(StringComparer.Ordinal), seen.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_rerun_shard_skips_its_stages()
    {
        var copy = demo.Copy(demo.Shards[1], "rerun");
        var r = DemoShards.Run(copy, "--shard", "2/3");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("run: extract: skipped", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("run: classify: skipped", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_shard_is_an_error_naming_it()
    {
        var r = Merge(NewOut(), demo.Shards[0], demo.Shards[2]);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("merge: error: shard 2/3 missing", r.Stderr, StringComparison.Ordinal);
        Assert.Contains(demo.Shards[0], r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Same_shard_twice_is_an_error_naming_both_folders()
    {
        var copy = demo.Copy(demo.Shards[1], "twice");
        var r = Merge(NewOut(), demo.Shards[0], demo.Shards[1], copy, demo.Shards[2]);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("shard 2/3 in " + demo.Shards[1] + " and " + copy, r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_document_in_two_shards_is_an_error_naming_it()
    {
        // shard 3's folder also holds one of shard 1's documents (e.g. files copied between folders by hand)
        var copy = demo.Copy(demo.Shards[2], "extra-doc");
        var stray = File.ReadLines(Path.Combine(demo.Shards[0], "documents.jsonl")).First();
        var docId = JsonNode.Parse(stray)!["doc_id"]!.GetValue<string>();
        var lines = File.ReadAllLines(Path.Combine(copy, "documents.jsonl")).Append(stray).Order(StringComparer.Ordinal);
        File.WriteAllText(Path.Combine(copy, "documents.jsonl"), string.Concat(lines.Select(l => l + "\n")));
        var output = NewOut();
        Assert.Equal(0, Merge(output, demo.Shards[0], demo.Shards[1], demo.Shards[2]).ExitCode);
        var r = Merge(output, demo.Shards[0], demo.Shards[1], copy);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains($"{copy}: document {docId} (", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("belongs to shard 1/3, not 3/3", r.Stderr, StringComparison.Ordinal);
        // the failed merge leaves no manifest vouching for the earlier merge's files, and no staging
        Assert.False(File.Exists(Path.Combine(output, RunManifest.FileName)));
        Assert.False(Directory.Exists(Path.Combine(output, RunPipeline.StagingFolder)));
    }

    [Fact]
    public void A_document_twice_in_one_shard_is_an_error_naming_it()
    {
        var copy = demo.Copy(demo.Shards[1], "doubled");
        var labeled = Path.Combine(copy, "labeled.csv");
        var lines = File.ReadAllText(labeled).Split("\r\n");
        File.WriteAllText(labeled, string.Join("\r\n", lines.Take(2).Concat(lines.Skip(1))), new System.Text.UTF8Encoding(false));
        var docId = lines[1].Split(',')[0];
        var r = Merge(NewOut(), demo.Shards[0], copy, demo.Shards[2]);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains($"{copy}: document {docId} ({labeled}) appears twice", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Shards_of_different_n_are_an_error_naming_them()
    {
        var other = Path.Combine(demo.Root, "half-" + Guid.NewGuid().ToString("N")[..8]);
        var e = CliRunner.Run("", ["extract", .. DemoShards.Inputs, "--ocr", "off", "--shard", "2/2", "-o", Path.Combine(other, "documents.jsonl")]);
        Assert.True(e.ExitCode == 0, e.Stderr);
        var r = Merge(NewOut(), demo.Shards[0], other, demo.Shards[2]);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("different numbers of shards", r.Stderr, StringComparison.Ordinal);
        Assert.Contains($"n = 2: {other} (2/2)", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Shards_classified_with_different_models_are_an_error_naming_them()
    {
        var seeded = Path.Combine(demo.Root, "seed-" + Guid.NewGuid().ToString("N")[..8]);
        var s = DemoShards.Run(seeded, "--shard", "2/3", "--seed-words");
        Assert.True(s.ExitCode == 0, s.Stderr);
        var r = Merge(NewOut(), demo.Shards[0], seeded, demo.Shards[2]);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("classified with different models", r.Stderr, StringComparison.Ordinal);
        Assert.Contains($"seed-words (built-in codebook)", r.Stderr, StringComparison.Ordinal);
        Assert.Contains(seeded + " (2/3)", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("shipped models/fields-regulations", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Shards_of_different_input_lists_are_an_error_naming_them()
    {
        var other = Path.Combine(demo.Root, "other-batch-" + Guid.NewGuid().ToString("N")[..8]);
        var e = CliRunner.Run("", ["extract", DemoShards.Inputs[0], "--ocr", "off", "--shard", "2/3", "-o", Path.Combine(other, "documents.jsonl")]);
        Assert.True(e.ExitCode == 0, e.Stderr);
        var r = Merge(NewOut(), demo.Shards[0], other, demo.Shards[2]);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("the shards come from different input lists", r.Stderr, StringComparison.Ordinal);
        Assert.Contains($"12 documents (batch ", r.Stderr, StringComparison.Ordinal);
        Assert.Contains(other + " (2/3)", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Shards_extracted_with_different_options_are_an_error()
    {
        var other = Path.Combine(demo.Root, "simplified-" + Guid.NewGuid().ToString("N")[..8]);
        var s = DemoShards.Run(other, "--shard", "2/3", "--to-simplified");
        Assert.True(s.ExitCode == 0, s.Stderr);
        var r = Merge(NewOut(), demo.Shards[0], other, demo.Shards[2]);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("extracted with different options or builds", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("to_simplified=True", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_shard_that_did_not_finish_is_an_error()
    {
        var copy = demo.Copy(demo.Shards[1], "killed");
        var manifest = Path.Combine(copy, RunManifest.FileName);
        File.WriteAllText(manifest, File.ReadAllText(manifest).Replace("\"complete\": true", "\"complete\": false", StringComparison.Ordinal));
        var r = Merge(NewOut(), demo.Shards[0], copy, demo.Shards[2]);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains($"{copy}: shard 2/3 did not finish", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_that_is_not_a_shard_is_an_error()
    {
        var r = Merge(NewOut(), demo.Shards[0], demo.Whole, demo.Shards[2]);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains($"{demo.Whole}: no shard.json", r.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0/3")]
    [InlineData("4/3")]
    [InlineData("x")]
    public void Bad_shard_values_are_refused_by_every_verb(string value)
    {
        var dir = Path.Combine(demo.Root, "bad-" + Guid.NewGuid().ToString("N")[..8]);
        var runs = new[]
        {
            CliRunner.Run("", ["extract", DemoShards.Inputs[0], "--shard", value, "-o", Path.Combine(dir, "documents.jsonl")]),
            CliRunner.Run("", ["segment", Path.Combine(demo.Whole, "documents.jsonl"), "--shard", value, "-o", Path.Combine(dir, "segmented.jsonl")]),
            CliRunner.Run("", ["classify", "--docs", Path.Combine(demo.Whole, "documents.jsonl"), "--shard", value, "-o", Path.Combine(dir, "labeled.csv")]),
            DemoShards.Run(dir, "--shard", value),
        };
        foreach (var r in runs)
        {
            Assert.Equal(1, r.ExitCode);
            Assert.Contains($"error: --shard {(value == "x" ? "'x' is not a shard number" : value + ": shard ")}", r.Stderr, StringComparison.Ordinal);
        }
        Assert.False(Directory.Exists(dir));
    }

    [Fact]
    public void Run_shard_refuses_to_train()
    {
        var dir = Path.Combine(demo.Root, "train-" + Guid.NewGuid().ToString("N")[..8]);
        var r = DemoShards.Run(dir, "--shard", "1/3", "--labels", Path.Combine(SharedData.RepoRoot, "corpora", "codebook.json"), "--train-docs", DemoShards.Inputs[0]);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("run: error: run --shard 1/3 cannot train: training stays one job", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("--model MODEL_DIR", r.Stderr, StringComparison.Ordinal);
    }
}
