using System.Globalization;
using System.IO.Compression;
using System.Text;
using PolicyMiner.Cli;
using PolicyMiner.Extraction;
using PolicyMiner.Extraction.Isolation;
using PolicyMiner.Tests.Cli;
using PolicyMiner.Tests.Extraction;

namespace PolicyMiner.Tests.Reliability;

// Issue 12 item 1 / issue 13 item 3: documents are extracted in worker processes; a crash, a memory bomb or a hang
// costs one error row naming the file (and page) and the limit, never the batch. The hostile PDFs are constructed
// here (as the issue's probe made them); the good files are the real fixtures.
public class WorkerIsolationTests
{
    private static ExtractOptions Workers(int jobs = 2) => new()
    {
        Ocr = OcrMode.Off,
        MaxParallelism = jobs,
        Workers = ExtractWorkerCommand.Self(),
    };

    /// <summary>A PDF with a correct xref table from object bodies (object i+1 = objects[i]; 1 is the catalog).</summary>
    internal static byte[] Pdf(params byte[][] objects)
    {
        using var ms = new MemoryStream();
        void Put(string s) => ms.Write(Encoding.ASCII.GetBytes(s));
        Put("%PDF-1.4\n");
        var offsets = new List<long>();
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(ms.Position);
            Put(string.Create(CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n"));
            ms.Write(objects[i]);
            Put("\nendobj\n");
        }
        var xref = ms.Position;
        Put(string.Create(CultureInfo.InvariantCulture, $"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n"));
        foreach (var o in offsets)
        {
            Put(string.Create(CultureInfo.InvariantCulture, $"{o:D10} 00000 n \n"));
        }
        Put(string.Create(CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"));
        return ms.ToArray();
    }

    private static byte[] A(string s) => Encoding.ASCII.GetBytes(s);

    private static byte[] FlateStream(byte[] content)
    {
        using var packed = new MemoryStream();
        using (var z = new ZLibStream(packed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            z.Write(content);
        }
        return [.. A(string.Create(CultureInfo.InvariantCulture, $"<< /Length {packed.Length} /Filter /FlateDecode >>\nstream\n")), .. packed.ToArray(), .. A("\nendstream")];
    }

    /// <summary>447 bytes: object 4 is a reference to itself, used as the page's MediaBox. PdfPig resolves it until the stack overflows (exit 134).</summary>
    internal static byte[] SelfReferencePdf() => Pdf(
        A("<< /Type /Catalog /Pages 2 0 R >>"),
        A("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
        A("<< /Type /Page /Parent 2 0 R /MediaBox 4 0 R /Contents 5 0 R >>"),
        A("4 0 R"),
        A("<< /Length 0 >>\nstream\n\nendstream"));

    /// <summary>~49 KB: one page whose compressed content stream holds one text string of <paramref name="megabytes"/> MB.</summary>
    internal static byte[] StringBombPdf(int megabytes)
    {
        var content = new byte[megabytes * 1_000_000 + 40];
        var head = A("BT /F1 12 Tf 72 700 Td (");
        head.CopyTo(content, 0);
        content.AsSpan(head.Length, megabytes * 1_000_000).Fill((byte)'A');
        var tail = A(") Tj ET");
        tail.CopyTo(content, head.Length + (megabytes * 1_000_000));
        return Pdf(
            A("<< /Type /Catalog /Pages 2 0 R >>"),
            A("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
            A("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>"),
            FlateStream(content.AsSpan(0, head.Length + (megabytes * 1_000_000) + tail.Length).ToArray()),
            A("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"));
    }

    [Fact]
    public void A_pdf_that_overflows_the_stack_costs_one_error_row_and_the_batch_goes_on()
    {
        using var temp = ExtractionFixtures.Temp();
        var input = Directory.CreateDirectory(temp.File("in")).FullName;
        File.WriteAllBytes(Path.Combine(input, "self-reference.pdf"), SelfReferencePdf());
        File.Copy(ExtractionFixtures.PathOf("regulation_libreoffice.pdf"), Path.Combine(input, "regulation.pdf"));
        File.Copy(ExtractionFixtures.PathOf("law-utf8.txt"), Path.Combine(input, "law.txt"));
        var output = temp.File("documents.jsonl");
        // through the CLI: workers are its default
        var r = CliRunner.Run("", "extract", input, "--ocr", "off", "-j", "2", "-o", output);
        Assert.Equal(1, r.ExitCode);
        var docs = DocumentsJsonl.Read(output).ToList();
        Assert.Equal(3, docs.Count);
        var bad = Assert.Single(docs, d => d.IsError);
        Assert.EndsWith("self-reference.pdf", bad.Path, StringComparison.Ordinal);
        Assert.Contains("overflowed the stack (at page 1)", bad.Error, StringComparison.Ordinal);
        Assert.Contains("self-reference.pdf", bad.Error, StringComparison.Ordinal);
        Assert.True(docs.Single(d => d.DocId == "regulation").Text.Length > 1000);
        Assert.True(docs.Single(d => d.DocId == "law").Text.Length > 100);
        Assert.Contains("1 stopped after a crash or a limit and replaced", r.Stderr, StringComparison.Ordinal);

        // `run` extracts the same way and says so as `extract` does
        var run = CliRunner.Run("", "run", input, "--no-labels", "--ocr", "off", "-j", "2", "-o", temp.File("run"));
        Assert.Contains("run: extract: 2 worker processes started (1 stopped after a crash or a limit and replaced)", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(3, DocumentsJsonl.Read(Path.Combine(temp.File("run"), "documents.jsonl")).Count());
    }

    [Fact]
    public void A_memory_bomb_is_an_error_row_naming_the_limit()
    {
        using var temp = ExtractionFixtures.Temp();
        var bomb = temp.File("string-bomb.pdf");
        File.WriteAllBytes(bomb, StringBombPdf(50));
        Assert.True(new FileInfo(bomb).Length < 100_000);
        var good = temp.File("good.txt");
        File.Copy(ExtractionFixtures.PathOf("law-utf8.txt"), good);
        var options = Workers(1) with { MaxWorkerMemoryBytes = 256L << 20 };
        var result = new Extractor(options).ExtractBatch([bomb, good], temp.File("documents.jsonl"));
        var row = Assert.Single(result.Documents, d => d.IsError);
        Assert.Equal(bomb, row.Path);
        Assert.Contains("memory limit of 256 MB per document (--max-memory-mb)", row.Error, StringComparison.Ordinal);
        Assert.False(result.Documents.Single(d => d.Path == good).IsError);
        Assert.Contains("memory limit 256 MB each", result.Workers, StringComparison.Ordinal);
    }

    [Fact]
    public void A_document_over_the_time_limit_is_an_error_row_naming_the_page_and_its_worker_is_replaced()
    {
        using var temp = ExtractionFixtures.Temp();
        var input = Directory.CreateDirectory(temp.File("in")).FullName;
        // a real three-page PDF; the test hook makes its worker hang when page 2 starts, as a PdfPig page that never ends would
        File.Copy(ExtractionFixtures.PathOf("regulation_libreoffice.pdf"), Path.Combine(input, "a-hangs.pdf"));
        File.Copy(ExtractionFixtures.PathOf("regulation_libreoffice.pdf"), Path.Combine(input, "b-fine.pdf"));
        File.Copy(ExtractionFixtures.PathOf("law-utf8.txt"), Path.Combine(input, "c-fine.txt"));
        Environment.SetEnvironmentVariable(ExtractWorkerHost.TestHangVariable, "a-hangs.pdf:2"); // read by the workers started below
        ExtractBatchResult result;
        try
        {
            var options = Workers(1) with { DocumentTimeout = TimeSpan.FromSeconds(10) };
            result = new Extractor(options).ExtractBatch([input], temp.File("documents.jsonl"));
        }
        finally
        {
            Environment.SetEnvironmentVariable(ExtractWorkerHost.TestHangVariable, null);
        }
        var row = Assert.Single(result.Documents, d => d.IsError);
        Assert.EndsWith("a-hangs.pdf", row.Path, StringComparison.Ordinal);
        Assert.Contains("not finished within the time limit of 10 s per document (--timeout) (at page 2)", row.Error, StringComparison.Ordinal);
        Assert.Equal(2, result.Documents.Count(d => !d.IsError));
        Assert.Contains("2 worker processes started (1 stopped", result.Workers, StringComparison.Ordinal);
    }

    [Fact]
    public void Worker_and_in_process_outputs_are_byte_identical()
    {
        using var temp = ExtractionFixtures.Temp();
        var inputs = Directory.GetFiles(ExtractionFixtures.Folder)
            .Where(f => Extractor.DocumentExtensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
            .Where(f => !Path.GetFileName(f).Contains("crafted", StringComparison.Ordinal)).ToArray();
        Assert.True(inputs.Length > 20, $"{inputs.Length} fixtures");
        var inProcess = new Extractor(Workers() with { Workers = null }).ExtractBatch(inputs, temp.File("threads.jsonl"));
        var workers = new Extractor(Workers()).ExtractBatch(inputs, temp.File("workers.jsonl"));
        Assert.Null(inProcess.Workers);
        Assert.Contains("2 worker processes started (0 stopped", workers.Workers, StringComparison.Ordinal);
        Assert.Equal(File.ReadAllBytes(temp.File("threads.jsonl")), File.ReadAllBytes(temp.File("workers.jsonl")));
    }

    [Fact]
    public void When_no_worker_can_start_the_batch_runs_in_process_and_says_so()
    {
        using var temp = ExtractionFixtures.Temp();
        var options = Workers(1) with { Workers = new ExtractWorkerStart(temp.File("no-such-program"), []) };
        var result = new Extractor(options).ExtractBatch([ExtractionFixtures.PathOf("law-utf8.txt")], temp.File("documents.jsonl"));
        Assert.False(Assert.Single(result.Documents).IsError);
        Assert.Contains("could not be started", result.Workers, StringComparison.Ordinal);
    }

    [Fact]
    public void Default_memory_limit_fits_two_workers_on_the_machine()
    {
        var limit = ExtractWorkerPool.DefaultMemoryLimitBytes(2);
        Assert.InRange(limit, 256L << 20, 4L << 30);
        var meminfo = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
        var total = long.Parse(meminfo.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        Assert.True(2 * (limit + ExtractWorkerPool.NativeAllowanceBytes) <= total * 0.75 + 1, $"{limit >> 20} MB × 2 on {total >> 20} MB");
    }
}
