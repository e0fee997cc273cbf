using PolicyMiner.Extraction;
using PolicyMiner.Tests.Cli;

namespace PolicyMiner.Tests.Identity;

/// <summary>One document identity from extract to export (issue "the coding loop joins up", item 1).</summary>
public class IdentityAcrossStagesTests
{
    private static readonly string Sample = Path.Combine(SharedData.RepoRoot, "corpora", "sample", "regulations");
    private static readonly string Codebook = Path.Combine(SharedData.RepoRoot, "corpora", "codebook.json");

    private static string TempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "pm-id-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static string TrainSampleModel(string dir)
    {
        var model = Path.Combine(dir, "model");
        var train = CliRunner.Run("", "train", "--docs", Path.Combine(Sample, "docs"), "--labels", Path.Combine(Sample, "labels.csv"),
            "--codebook", Codebook, "--model", model, "--no-cv");
        Assert.True(train.ExitCode == 0, train.Stderr);
        Assert.Contains("48 of 48 rows matched a document by doc_id", train.Stderr, StringComparison.Ordinal);
        return model;
    }

    private static string[] Column(string csvPath, string column)
    {
        var lines = File.ReadAllLines(csvPath);
        var header = lines[0].TrimStart('\uFEFF').Split(',');
        var i = Array.IndexOf(header, column);
        Assert.True(i >= 0, $"{csvPath} has no column {column}");
        return lines.Skip(1).Select(l => l.Split(',')[i]).ToArray();
    }

    [Fact]
    public void Run_classify_on_the_folder_and_classify_on_documents_jsonl_write_identical_labeled_csv_with_file_stem_ids()
    {
        var dir = TempDir();
        var model = TrainSampleModel(dir);
        var newDocs = Path.Combine(Sample, "new");

        var run = CliRunner.Run("", "run", newDocs, "--model", model, "--ocr", "off", "-o", Path.Combine(dir, "run"));
        Assert.True(run.ExitCode == 0, run.Stderr);
        var extract = CliRunner.Run("", "extract", newDocs, "--ocr", "off", "-o", Path.Combine(dir, "documents.jsonl"));
        Assert.True(extract.ExitCode == 0, extract.Stderr);
        var fromFolder = CliRunner.Run("", "classify", "--model", model, "--docs", newDocs, "-o", Path.Combine(dir, "folder", "labeled.csv"));
        Assert.True(fromFolder.ExitCode == 0, fromFolder.Stderr);
        var fromJsonl = CliRunner.Run("", "classify", "--model", model, "--docs", Path.Combine(dir, "documents.jsonl"), "-o", Path.Combine(dir, "jsonl", "labeled.csv"));
        Assert.True(fromJsonl.ExitCode == 0, fromJsonl.Stderr);

        var runLabeled = File.ReadAllBytes(Path.Combine(dir, "run", "labeled.csv"));
        Assert.Equal(runLabeled, File.ReadAllBytes(Path.Combine(dir, "folder", "labeled.csv")));
        Assert.Equal(runLabeled, File.ReadAllBytes(Path.Combine(dir, "jsonl", "labeled.csv")));
        Assert.Equal(File.ReadAllBytes(Path.Combine(dir, "run", "review.csv")), File.ReadAllBytes(Path.Combine(dir, "folder", "review.csv")));

        // The same ids in every stage's output: file stems, never content hashes.
        var stems = Directory.GetFiles(newDocs).Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(stems, Column(Path.Combine(dir, "run", "labeled.csv"), "doc_id"));
        Assert.Equal(stems, DocumentsJsonl.Read(Path.Combine(dir, "documents.jsonl")).Select(d => d.DocId).ToArray());
        Assert.Equal(stems, Column(Path.Combine(dir, "run", "dataset.csv"), "doc_id").Order(StringComparer.Ordinal).ToArray());
        // Readable: a title beside every id.
        Assert.All(Column(Path.Combine(dir, "run", "review.csv"), "title"), t => Assert.False(string.IsNullOrWhiteSpace(t)));
    }

    [Fact]
    public void Codes_keyed_by_file_path_train_and_codes_matching_nothing_fail()
    {
        var dir = TempDir();
        var lines = File.ReadAllLines(Path.Combine(Sample, "labels.csv"));
        Assert.StartsWith("doc_id,file,", lines[0].TrimStart('\uFEFF'), StringComparison.Ordinal);
        // Without the doc_id column the rows are keyed by their file column (docs/R0001.md: the end of the path).
        var byFile = Path.Combine(dir, "by-file.csv");
        File.WriteAllLines(byFile, ["old_id" + lines[0].TrimStart('\uFEFF')["doc_id".Length..], .. lines.Skip(1)]);
        var train = CliRunner.Run("", "train", "--docs", Path.Combine(Sample, "docs"), "--labels", byFile, "--codebook", Codebook, "--model", Path.Combine(dir, "m"), "--no-cv");
        Assert.True(train.ExitCode == 0, train.Stderr);
        Assert.Contains("48 of 48 rows matched a document by file (path 48)", train.Stderr, StringComparison.Ordinal);

        var wrong = Path.Combine(dir, "wrong.csv");
        File.WriteAllLines(wrong, [lines[0], .. lines.Skip(1).Select(l => "X" + l)]);
        var fail = CliRunner.Run("", "train", "--docs", Path.Combine(Sample, "docs"), "--labels", wrong, "--codebook", Codebook, "--model", Path.Combine(dir, "m2"), "--no-cv");
        Assert.NotEqual(0, fail.ExitCode);
        Assert.Contains("no coded row matches a document", fail.Stderr, StringComparison.Ordinal);
    }
}
