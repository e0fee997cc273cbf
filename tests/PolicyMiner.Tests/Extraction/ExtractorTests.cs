using System.Security.Cryptography;
using PolicyMiner.Extraction;

namespace PolicyMiner.Tests.Extraction;

public class ExtractorTests
{
    private static ExtractionFixtures.TempFolder BatchFolder()
    {
        var temp = ExtractionFixtures.Temp();
        var docs = Directory.CreateDirectory(Path.Combine(temp.Path, "in", "sub")).FullName;
        foreach (var name in new[] { "law-utf8.txt", "law-gbk.txt", "regulation.docx", "regulation-gbk.html", "report1954-big5.txt" })
        {
            File.Copy(ExtractionFixtures.PathOf(name), Path.Combine(name.EndsWith(".txt", StringComparison.Ordinal) ? docs : Path.GetDirectoryName(docs)!, name));
        }
        var bytes = File.ReadAllBytes(ExtractionFixtures.PathOf("regulation.docx"));
        File.WriteAllBytes(Path.Combine(docs, "truncated.docx"), bytes[..1000]);
        File.WriteAllBytes(Path.Combine(docs, "empty.txt"), []);
        File.WriteAllBytes(Path.Combine(docs, "scan.pdf"), "%PDF-1.4\n"u8.ToArray());
        File.WriteAllText(Path.Combine(docs, "notes.csv"), "a,b\n");
        return temp;
    }

    private static Dictionary<string, string> Hashes(string folder) =>
        Directory.GetFiles(folder, "*", SearchOption.AllDirectories)
            .ToDictionary(f => f, f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))) + File.GetLastWriteTimeUtc(f).Ticks, StringComparer.Ordinal);

    [Fact]
    public void Batch_turns_bad_files_into_error_rows_and_finishes()
    {
        using var temp = BatchFolder();
        var result = new Extractor().ExtractBatch([Path.Combine(temp.Path, "in")], temp.File("documents.jsonl"));
        Assert.Equal(8, result.Documents.Count);
        Assert.Equal(3, result.Failed); // truncated.docx, empty.txt, and scan.pdf (a header without any PDF body)
        Assert.Contains(result.Documents, d => d.Path.EndsWith("truncated.docx", StringComparison.Ordinal) && d.Error!.Contains("docx", StringComparison.Ordinal));
        Assert.Contains(result.Documents, d => d.Path.EndsWith("empty.txt", StringComparison.Ordinal) && d.Error!.Contains("empty", StringComparison.Ordinal));
        Assert.Contains(result.Documents, d => d.Path.EndsWith("scan.pdf", StringComparison.Ordinal));
        Assert.Equal(["notes.csv"], result.Skipped.Select(Path.GetFileName));
        Assert.Equal(8, PolicyMiner.Extraction.DocumentsJsonl.Read(temp.File("documents.jsonl")).Count());
    }

    [Fact]
    public void Output_is_sorted_by_path_and_identical_whatever_the_parallelism()
    {
        using var temp = BatchFolder();
        var input = Path.Combine(temp.Path, "in");
        var one = new Extractor(new ExtractOptions { MaxParallelism = 1 }).ExtractBatch([input], temp.File("one.jsonl"));
        var two = new Extractor(new ExtractOptions { MaxParallelism = 4 }).ExtractBatch([input], temp.File("two.jsonl"));
        Assert.Equal(one.Documents.Select(d => d.Path).Order(StringComparer.Ordinal), one.Documents.Select(d => d.Path));
        Assert.Equal(File.ReadAllBytes(temp.File("one.jsonl")), File.ReadAllBytes(temp.File("two.jsonl")));
    }

    [Fact]
    public void Doc_ids_are_file_stems_and_sha256_is_the_content_hash()
    {
        using var temp = BatchFolder();
        var result = new Extractor().ExtractBatch([Path.Combine(temp.Path, "in")], temp.File("documents.jsonl"));
        foreach (var doc in result.Documents)
        {
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(doc.Path))), doc.Sha256);
            Assert.Equal(Path.GetFileNameWithoutExtension(doc.Path), doc.DocId);
        }
    }

    [Fact]
    public void Rerun_reuses_unchanged_files_and_reextracts_changed_ones_and_errors()
    {
        using var temp = BatchFolder();
        var input = Path.Combine(temp.Path, "in");
        var output = temp.File("documents.jsonl");
        var first = new Extractor().ExtractBatch([input], output);
        Assert.Equal(0, first.Reused);
        var second = new Extractor().ExtractBatch([input], output);
        Assert.Equal(first.Documents.Count - first.Failed, second.Reused);
        new Extractor().ExtractBatch([input], temp.File("fresh.jsonl"));
        Assert.Equal(File.ReadAllBytes(temp.File("fresh.jsonl")), File.ReadAllBytes(output)); // reused records = fresh ones
        File.AppendAllText(Path.Combine(input, "sub", "law-utf8.txt"), "第三条 补充。\n");
        var third = new Extractor().ExtractBatch([input], output);
        Assert.Equal(second.Reused - 1, third.Reused);
        // Other options → nothing reused.
        var simplified = new Extractor(new ExtractOptions { ToSimplified = true }).ExtractBatch([input], output);
        Assert.Equal(0, simplified.Reused);
    }

    [Fact]
    public void Inputs_are_never_modified()
    {
        using var temp = BatchFolder();
        var input = Path.Combine(temp.Path, "in");
        var before = Hashes(input);
        new Extractor().ExtractBatch([input], temp.File("documents.jsonl"));
        new Extractor().ExtractBatch([input], temp.File("documents.jsonl"));
        Assert.Equal(before, Hashes(input));
    }

    [Fact]
    public void Traditional_big5_file_is_converted_when_asked()
    {
        var doc = new Extractor(new ExtractOptions { ToSimplified = true }).ExtractFile(ExtractionFixtures.PathOf("report1954-big5.txt"));
        Assert.Null(doc.Error);
        Assert.Equal("big5", doc.Quality.Encoding);
        Assert.Contains("人民生活的稳定", doc.Text, StringComparison.Ordinal);
        Assert.Equal("zh", doc.Language);
    }

    [Fact]
    public void Missing_input_is_reported_by_name()
    {
        var ex = Assert.Throws<FileNotFoundException>(() => Extractor.CollectFiles(["/no/such/folder"], out _));
        Assert.Contains("/no/such/folder", ex.Message, StringComparison.Ordinal);
    }
}
