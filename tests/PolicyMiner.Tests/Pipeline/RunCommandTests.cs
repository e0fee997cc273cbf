using PolicyMiner.Pipeline;
using PolicyMiner.Tests.Cli;

namespace PolicyMiner.Tests.Pipeline;

public class RunCommandTests
{
    private static readonly string Sample = Path.Combine(SharedData.RepoRoot, "corpora", "sample", "regulations");
    private static readonly string Codebook = Path.Combine(SharedData.RepoRoot, "corpora", "codebook.json");

    // Three of the sample's new regulations, copied so a test may change or break them.
    private static (string Input, string Output) Workspace()
    {
        var root = Path.Combine(Path.GetTempPath(), "pm-run-" + Guid.NewGuid().ToString("N"));
        var input = Path.Combine(root, "input");
        Directory.CreateDirectory(input);
        foreach (var name in new[] { "R0035.md", "R0065.md", "R0119.md" })
        {
            File.Copy(Path.Combine(Sample, "new", name), Path.Combine(input, name));
        }
        return (input, Path.Combine(root, "out"));
    }

    private static CliRunner.Result RunSeedWords(string input, string output) =>
        CliRunner.Run("", "run", input, "--seed-words", "--codebook", Codebook, "--ocr", "off", "-o", output);

    private static RunManifest Manifest(string output) =>
        RunManifest.TryRead(Path.Combine(output, RunManifest.FileName)) ?? throw new InvalidOperationException("no manifest.json");

    private static StageRecord StageOf(RunManifest m, string stage) => m.Stages.Single(s => s.Stage == stage);

    private static Dictionary<string, byte[]> DataFiles(string output) =>
        Directory.EnumerateFiles(output, "*", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f) != RunManifest.FileName)
            .ToDictionary(f => Path.GetRelativePath(output, f), File.ReadAllBytes, StringComparer.Ordinal);

    [Fact]
    public void Run_writes_dataset_network_report_and_manifest()
    {
        var (input, output) = Workspace();
        var r = RunSeedWords(input, output);
        Assert.True(r.ExitCode == 0, r.Stderr);
        foreach (var f in new[] { "documents.jsonl", "documents.csv", "segmented.jsonl", "labeled.csv", "review.csv", "dataset.csv", "dataset.do", "dataset.xlsx",
            "dataset.jsonl", "network/network.graphml", "network/network.net", "network/nodes.csv", "network/edges_by_year.csv", "report.html" })
        {
            Assert.True(File.Exists(Path.Combine(output, f)), f);
        }
        var m = Manifest(output);
        Assert.Equal(["extract", "segment", "classify", "export"], m.Stages.Select(s => s.Stage));
        Assert.All(m.Stages, s => Assert.Equal("ran", s.Status));
        Assert.Equal(3, m.Inputs.Count);
        Assert.Equal(RunPipeline.HashFile(Path.Combine(input, "R0035.md")), m.Inputs.Single(i => i.Path.EndsWith("R0035.md", StringComparison.Ordinal)).Sha256);
        Assert.Equal("seed-words", m.Model!.Source);
        Assert.Equal(RunPipeline.HashFile(Codebook), m.Model.Sha256);
        Assert.Equal("off", m.Options["ocr"]);
        Assert.False(string.IsNullOrEmpty(m.ToolVersion));
        // the dataset has a row per document with the seed-word labels
        var csv = File.ReadAllLines(Path.Combine(output, "dataset.csv"));
        Assert.Equal(4, csv.Length);
        Assert.Contains("fields", csv[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Rerun_on_unchanged_input_skips_every_stage_and_leaves_data_files_byte_identical()
    {
        var (input, output) = Workspace();
        Assert.Equal(0, RunSeedWords(input, output).ExitCode);
        var first = DataFiles(output);
        var firstManifest = Manifest(output);
        var r = RunSeedWords(input, output);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("run: extract: skipped", r.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("run: extract: started", r.Stderr, StringComparison.Ordinal);
        var m = Manifest(output);
        Assert.All(m.Stages, s => Assert.Equal("skipped", s.Status));
        // timings of the run that made the files are kept
        Assert.Equal(firstManifest.Stages.Select(s => s.Seconds), m.Stages.Select(s => s.Seconds));
        var second = DataFiles(output);
        Assert.Equal(first.Keys.Order(StringComparer.Ordinal), second.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, bytes) in first)
        {
            Assert.True(bytes.AsSpan().SequenceEqual(second[name]), name + " changed");
        }
    }

    [Fact]
    public void Changed_input_file_is_the_only_one_extracted_again()
    {
        var (input, output) = Workspace();
        Assert.Equal(0, RunSeedWords(input, output).ExitCode);
        File.AppendAllText(Path.Combine(input, "R0065.md"), "\n第九十九条 本条例自发布之日起施行。\n");
        var r = RunSeedWords(input, output);
        Assert.True(r.ExitCode == 0, r.Stderr);
        var extract = StageOf(Manifest(output), "extract");
        Assert.Equal("ran", extract.Status);
        Assert.StartsWith("3 files: 1 extracted, 2 unchanged files reused", extract.Summary, StringComparison.Ordinal);
        Assert.Contains("第九十九条", File.ReadAllText(Path.Combine(output, "documents.jsonl")), StringComparison.Ordinal);
    }

    [Fact]
    public void Broken_file_becomes_an_error_row_and_the_run_finishes_with_exit_code_1_naming_where_the_rows_are()
    {
        var (input, output) = Workspace();
        File.WriteAllText(Path.Combine(input, "broken.pdf"), "this is not a PDF");
        var r = RunSeedWords(input, output);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("1 files could not be read", r.Stderr, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(output, "documents.jsonl"), r.Stderr, StringComparison.Ordinal);
        Assert.Contains("broken.pdf", r.Stderr, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(output, "report.html")));
        Assert.Equal(1, Manifest(output).ErrorRows);
        Assert.Contains("broken.pdf", File.ReadAllText(Path.Combine(output, "documents.csv")), StringComparison.Ordinal);
        // the three good documents are coded
        Assert.Equal(4, File.ReadAllLines(Path.Combine(output, "labeled.csv")).Length);
    }

    [Fact]
    public void Run_with_labels_trains_a_model_into_the_output_folder_and_records_its_hash()
    {
        var (input, output) = Workspace();
        var r = CliRunner.Run("", "run", input, "--labels", Path.Combine(Sample, "labels.csv"), "--train-docs", Path.Combine(Sample, "docs"),
            "--codebook", Codebook, "--ocr", "off", "-o", output);
        Assert.True(r.ExitCode == 0, r.Stderr);
        var m = Manifest(output);
        Assert.Equal(["extract", "segment", "train", "classify", "export"], m.Stages.Select(s => s.Stage));
        Assert.Equal("trained", m.Model!.Source);
        Assert.Equal(RunPipeline.HashFile(Path.Combine(output, "model", "model.zip")), m.Model.Sha256);
        Assert.Equal(48 + 2, m.TrainingInputs.Count); // 48 documents, labels.csv, codebook
        Assert.Contains("fields", File.ReadLines(Path.Combine(output, "labeled.csv")).First(), StringComparison.Ordinal);
    }

    [Fact]
    public void Training_twice_from_the_same_labels_gives_a_byte_identical_model_zip()
    {
        var (input, output) = Workspace();
        var second = output + "-again";
        foreach (var o in new[] { output, second })
        {
            var r = CliRunner.Run("", "run", input, "--labels", Path.Combine(Sample, "labels.csv"), "--train-docs", Path.Combine(Sample, "docs"),
                "--codebook", Codebook, "--ocr", "off", "-o", o);
            Assert.True(r.ExitCode == 0, r.Stderr);
        }
        Assert.Equal(File.ReadAllBytes(Path.Combine(output, "model", "model.zip")), File.ReadAllBytes(Path.Combine(second, "model", "model.zip")));
        Assert.Equal(Manifest(output).Model!.Sha256, Manifest(second).Model!.Sha256);
        Assert.Equal(File.ReadAllBytes(Path.Combine(output, "dataset.csv")), File.ReadAllBytes(Path.Combine(second, "dataset.csv")));
    }

    [Fact]
    public void Model_and_seed_words_together_are_refused()
    {
        var (input, output) = Workspace();
        var r = CliRunner.Run("", "run", input, "--seed-words", "--model", "models/x", "-o", output);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("only one of --model", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Labels_without_training_documents_are_refused_with_what_to_give()
    {
        var (input, output) = Workspace();
        var r = CliRunner.Run("", "run", input, "--labels", Path.Combine(Sample, "labels.csv"), "--codebook", Codebook, "-o", output);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("--train-docs", r.Stderr, StringComparison.Ordinal);
    }
}
