using PolicyMiner.Extraction;
using PolicyMiner.Pipeline;
using PolicyMiner.Tests.Cli;

namespace PolicyMiner.Tests.Reliability;

// Issue 12 items 2–5: every input is accounted for, in extract and run alike; duplicates and huge texts never cost a batch.
public class InputAccountingTests
{
    private static readonly string Codebook = Path.Combine(SharedData.RepoRoot, "corpora", "codebook.json");

    private static ExtractedDocument Row(IEnumerable<ExtractedDocument> docs, string fileNameStart) =>
        Assert.Single(docs, d => Path.GetFileName(d.Path).StartsWith(fileNameStart, StringComparison.Ordinal));

    [Fact]
    public void Extract_turns_dangling_links_fifos_and_bad_names_into_error_rows_and_follows_a_loop_once()
    {
        using var folder = new HostileFolder();
        var output = Path.Combine(folder.Root, "documents.jsonl");
        var result = HostileFolder.WithDeadline(() => new Extractor(new ExtractOptions { Ocr = OcrMode.Off }).ExtractBatch([folder.Input], output));
        var docs = result.Documents;
        // 2 good files + inside.md (in a folder named folder.txt) + 3 error rows; the loop adds nothing
        Assert.Equal(6, docs.Count);
        Assert.Equal(3, result.Failed);
        Assert.Contains("dangling link", Row(docs, "dangling").Error, StringComparison.Ordinal);
        Assert.Contains("not a regular file", Row(docs, "pipe").Error, StringComparison.Ordinal);
        Assert.Contains("not valid UTF-8", Row(docs, "bad").Error, StringComparison.Ordinal);
        Assert.False(Row(docs, "inside").IsError);
        Assert.All(HostileFolder.GoodFiles, f => Assert.False(Row(docs, f).IsError));
        Assert.Equal(6, DocumentsJsonl.Read(output).Count());
        Assert.Contains(result.Skipped, s => s.Contains("loop", StringComparison.Ordinal));
    }

    [Fact]
    public void Run_does_not_abort_on_unreadable_inputs_and_codes_the_good_ones()
    {
        using var folder = new HostileFolder();
        var r = HostileFolder.WithDeadline(() =>
            CliRunner.Run("", "run", folder.Input, "--seed-words", "--codebook", Codebook, "--ocr", "off", "-o", folder.Output));
        Assert.Equal(1, r.ExitCode); // error rows → exit 1, but everything was written
        Assert.Contains("3 files could not be read", r.Stderr, StringComparison.Ordinal);
        var docs = DocumentsJsonl.Read(Path.Combine(folder.Output, RunPipeline.DocumentsFile)).ToList();
        Assert.Equal(6, docs.Count);
        Assert.Equal(3, docs.Count(d => d.IsError));
        var dataset = File.ReadAllLines(Path.Combine(folder.Output, "dataset.csv"));
        Assert.Equal(1 + 6, dataset.Length); // header + every input: the three readable documents and the three error rows
        Assert.True(File.Exists(Path.Combine(folder.Output, RunManifest.FileName)));
    }

    [Fact]
    public void A_folder_that_cannot_be_listed_becomes_an_error_row()
    {
        // Tests run as root, where chmod 000 does not stop reading: the listing is made to fail through the seam instead.
        using var folder = new HostileFolder(hostile: false);
        var locked = Path.Combine(folder.Input, "sub");
        File.Copy(Path.Combine(folder.Input, "R0035.md"), Path.Combine(locked, "hidden-by-permissions.md"));
        var list = InputWalker.List;
        try
        {
            InputWalker.List = dir => Path.GetFullPath(dir) == Path.GetFullPath(locked)
                ? throw new UnauthorizedAccessException($"Access to the path '{dir}' is denied.") : list(dir);
            var files = Extractor.CollectInputs([folder.Input], out _);
            var problem = Assert.Single(files, f => f.Problem is not null);
            Assert.Equal(locked, problem.Path);
            Assert.Contains("folder cannot be read", problem.Problem, StringComparison.Ordinal);
            var row = new Extractor().ExtractInput(problem);
            Assert.True(row.IsError);
            Assert.Equal("sub", row.DocId);
        }
        finally
        {
            InputWalker.List = list;
        }
    }

    [Fact]
    public void Byte_identical_files_keep_their_rows_marked_duplicate_of_and_run_classifies_and_exports_them()
    {
        using var folder = new HostileFolder(hostile: false);
        File.Copy(Path.Combine(folder.Input, "R0035.md"), Path.Combine(folder.Input, "sub", "R0035-copy.md"));
        File.Copy(Path.Combine(folder.Input, "R0035.md"), Path.Combine(folder.Input, "sub", "R0035.md")); // same content AND same stem
        var r = CliRunner.Run("", "run", folder.Input, "--seed-words", "--codebook", Codebook, "--ocr", "off", "-o", folder.Output);
        Assert.True(r.ExitCode == 0, r.Stderr);
        var docs = DocumentsJsonl.Read(Path.Combine(folder.Output, RunPipeline.DocumentsFile)).ToList();
        Assert.Equal(4, docs.Count);
        Assert.Equal(4, docs.Select(d => d.DocId).Distinct().Count());
        var original = docs.Single(d => d.Path.EndsWith("input/R0035.md", StringComparison.Ordinal));
        Assert.Null(original.DuplicateOf);
        Assert.All(docs.Where(d => d.Sha256 == original.Sha256 && d != original), d => Assert.Equal(original.DocId, d.DuplicateOf));
        Assert.Equal(2, docs.Count(d => d.DuplicateOf is not null));
        Assert.Equal(1 + 4, File.ReadAllLines(Path.Combine(folder.Output, "dataset.csv")).Length);
        Assert.Equal(1 + 4, File.ReadAllLines(Path.Combine(folder.Output, "labeled.csv")).Length);
        Assert.Contains("2 byte-identical copies", StageSummary(folder.Output, "extract"), StringComparison.Ordinal);
        // extract says so too
        var e = CliRunner.Run("", "extract", folder.Input, "--ocr", "off", "-o", Path.Combine(folder.Root, "d.jsonl"));
        Assert.Contains("2 files are byte-identical copies", e.Stderr, StringComparison.Ordinal);
    }

    private static string StageSummary(string output, string stage) =>
        RunManifest.TryRead(Path.Combine(output, RunManifest.FileName))!.Stages.Single(s => s.Stage == stage).Summary ?? "";

    [Fact]
    public void Oversize_text_is_truncated_with_a_flag_and_oversize_files_are_refused()
    {
        using var folder = new HostileFolder(hostile: false);
        var big = Path.Combine(folder.Input, "long.txt");
        File.WriteAllText(big, string.Concat(Enumerable.Repeat("第一条 为了规范行政行为，制定本条例。\n", 400)));
        var cut = new Extractor(new ExtractOptions { Ocr = OcrMode.Off, MaxTextCharacters = 1000 }).ExtractFile(big);
        Assert.False(cut.IsError);
        Assert.True(cut.Quality.Truncated);
        Assert.True(cut.Text.Length <= 1000);
        Assert.Contains(cut.Quality.Warnings, w => w.Contains("cut after 1,000 characters", StringComparison.Ordinal));
        Assert.Contains("\"truncated\":true", File.ReadAllText(WriteOne(folder, cut)), StringComparison.Ordinal);
        var whole = new Extractor(new ExtractOptions { Ocr = OcrMode.Off }).ExtractFile(big);
        Assert.False(whole.Quality.Truncated);
        Assert.DoesNotContain("truncated", File.ReadAllText(WriteOne(folder, whole)), StringComparison.Ordinal);
        var refused = new Extractor(new ExtractOptions { Ocr = OcrMode.Off, MaxFileBytes = 1000 }).ExtractFile(big);
        Assert.Contains("over the size limit", refused.Error, StringComparison.Ordinal);
        // the CLI option reaches the extractor
        var r = CliRunner.Run("", "extract", big, "--ocr", "off", "--max-chars", "500", "-o", Path.Combine(folder.Root, "c.jsonl"));
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.True(DocumentsJsonl.Read(Path.Combine(folder.Root, "c.jsonl")).Single().Quality.Truncated);
    }

    private static string WriteOne(HostileFolder folder, ExtractedDocument doc)
    {
        var path = Path.Combine(folder.Root, Guid.NewGuid().ToString("N") + ".jsonl");
        DocumentsJsonl.Write(path, [doc]);
        return path;
    }
}
