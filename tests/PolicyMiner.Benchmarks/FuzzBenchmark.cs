using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using PolicyMiner.Benchmarks;

/// <summary>
/// <c>fuzz</c>: mutates real fixtures (PDF, DOCX, HTML, TXT) and adds crafted hostile files (deep nesting, bombs, a
/// self-referencing PDF), then runs <c>policyminer extract</c> on them in batches, each batch in its own process, and
/// prints per batch and in total: files tried, batches that crashed (process died: no documents.jsonl), files over a
/// limit, error rows, records missing (every input must be a record or an error row) and peak memory of the process.
/// A crash costs only its batch here, which is exactly what the table shows.
/// </summary>
internal static class FuzzBenchmark
{
    public const string Help = "       PolicyMiner.Benchmarks fuzz [N=300] [--batch 50] [--seed 1] [--in-process] [--max-memory-mb M]   mutated and crafted files through extract in child processes: crashes, error rows, lost records, peak memory (all processes, largest worker)";

    public static int Run(string repo, string[] args)
    {
        var n = args.Length > 0 && int.TryParse(args[0], out var count) ? count : 300;
        // extract's own options passed through: --in-process (threads, the old path) and --max-memory-mb
        string[] extra = [.. args.Contains("--in-process") ? ["--in-process"] : Array.Empty<string>(),
            .. Option(args, "--max-memory-mb", 0) is var mb and > 0 ? ["--max-memory-mb", mb.ToString(CultureInfo.InvariantCulture)] : Array.Empty<string>()];
        var batchSize = Option(args, "--batch", 50);
        var seed = Option(args, "--seed", 1);
        var cli = Path.Combine(repo, "src", "PolicyMiner.Cli", "bin", "Release", "net10.0", "PolicyMiner.Cli.dll");
        if (!File.Exists(cli))
        {
            Console.Error.WriteLine($"fuzz: {cli} not found; build first: dotnet build PolicyMiner.sln -c Release");
            return 2;
        }
        var fixtures = Path.Combine(repo, "tests", "PolicyMiner.Tests", "Extraction", "Fixtures");
        var seeds = Directory.GetFiles(fixtures).Where(f => f.EndsWith(".pdf", StringComparison.Ordinal) || f.EndsWith(".docx", StringComparison.Ordinal)
            || f.EndsWith(".html", StringComparison.Ordinal) || f.EndsWith("-utf8.txt", StringComparison.Ordinal) || f.EndsWith("-gbk.txt", StringComparison.Ordinal))
            .Where(f => !Path.GetFileName(f).StartsWith("encrypted", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToArray();
        var root = Path.Combine(Path.GetTempPath(), "pm-fuzz-" + seed.ToString(CultureInfo.InvariantCulture));
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
        var random = new Random(seed);
        var files = new List<(string Name, byte[] Bytes, string Kind)>();
        for (var i = 0; i < n; i++)
        {
            var source = seeds[i % seeds.Length];
            var bytes = File.ReadAllBytes(source);
            var (mutated, how) = Mutate(bytes, random);
            files.Add(($"m{i:D4}-{how}{Path.GetExtension(source)}", mutated, "mutant"));
        }
        files.AddRange(Crafted());
        var batches = files.Chunk(batchSize).ToList();
        Console.WriteLine($"fuzz: {files.Count} files ({n} mutants of {seeds.Length} fixtures, {files.Count - n} crafted), {batches.Count} batches of ≤ {batchSize}, each in its own `policyminer extract -j 2 {string.Join(' ', extra)}` process; load {File.ReadAllText("/proc/loadavg").Trim()}");
        Console.WriteLine("batch  files  crashed  exit  records  error_rows  lost  over_limit  seconds  peak_MB(all processes)  peak_MB(largest worker)");
        int crashed = 0, lostTotal = 0, errorTotal = 0, overLimit = 0;
        long peakMax = 0, workerMax = 0;
        for (var b = 0; b < batches.Count; b++)
        {
            var dir = Path.Combine(root, "b" + b.ToString("D3", CultureInfo.InvariantCulture));
            Directory.CreateDirectory(Path.Combine(dir, "in"));
            foreach (var (name, bytes, _) in batches[b])
            {
                File.WriteAllBytes(Path.Combine(dir, "in", name), bytes);
            }
            var output = Path.Combine(dir, "documents.jsonl");
            var run = ProcessTree.Start("dotnet", [cli, "extract", Path.Combine(dir, "in"), "--ocr", "off", "-j", "2", .. extra, "-o", output]);
            var (exit, seconds, peak) = (run.Exit, run.Seconds, run.PeakTotalBytes);
            workerMax = Math.Max(workerMax, run.PeakChildBytes);
            foreach (var line in run.Stderr.Split('\n').Where(l => l.Contains("worker processes", StringComparison.Ordinal)))
            {
                Console.WriteLine("       " + line.Trim());
            }
            var died = !File.Exists(output);
            var records = 0;
            var errors = 0;
            var limit = 0;
            if (!died)
            {
                foreach (var line in File.ReadLines(output))
                {
                    records++;
                    using var doc = JsonDocument.Parse(line);
                    if (doc.RootElement.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String)
                    {
                        errors++;
                        var text = e.GetString()!;
                        if (text.Contains("not finished within", StringComparison.Ordinal) || text.Contains("limit", StringComparison.OrdinalIgnoreCase))
                        {
                            limit++;
                        }
                    }
                }
            }
            var lost = batches[b].Length - records;
            crashed += died ? 1 : 0;
            lostTotal += lost;
            errorTotal += errors;
            overLimit += limit;
            peakMax = Math.Max(peakMax, peak);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{b,5}  {batches[b].Length,5}  {(died ? "YES" : "no"),7}  {exit,4}  {records,7}  {errors,10}  {lost,4}  {limit,10}  {seconds,7:0.0}  {peak / (1024 * 1024),22}  {run.PeakChildBytes / (1024 * 1024),23}"));
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"total: {files.Count} files tried, {crashed} of {batches.Count} batches crashed, {lostTotal} records lost, {errorTotal} error rows, {overLimit} over a limit, peak {peakMax / (1024 * 1024)} MB (all processes of a batch), {workerMax / (1024 * 1024)} MB (largest worker)"));
        Console.WriteLine("target (issue 12): 0 crashes, 0 lost records, peak memory under the limit");
        return 0;
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var v) ? v : fallback;
    }

    // One mutation: flip bytes, truncate, duplicate a slice, or insert random bytes (the classic dumb-fuzzing set).
    private static (byte[] Bytes, string How) Mutate(byte[] bytes, Random random)
    {
        var b = (byte[])bytes.Clone();
        switch (random.Next(4))
        {
            case 0:
                for (var k = 0; k < 1 + random.Next(32); k++)
                {
                    b[random.Next(b.Length)] = (byte)random.Next(256);
                }
                return (b, "flip");
            case 1:
                return (b[..Math.Max(1, random.Next(b.Length))], "trunc");
            case 2:
            {
                var at = random.Next(b.Length);
                var len = Math.Min(b.Length - at, 1 + random.Next(4096));
                return ([.. b[..at], .. b[at..(at + len)], .. b[at..]], "dup");
            }
            default:
            {
                var at = random.Next(b.Length);
                var junk = new byte[1 + random.Next(256)];
                random.NextBytes(junk);
                return ([.. b[..at], .. junk, .. b[at..]], "ins");
            }
        }
    }

    private static IEnumerable<(string, byte[], string)> Crafted()
    {
        // Deeply nested HTML (quadratic before issue 12) and a DOCX with 20,000 nested content controls (stack overflow before).
        yield return ("c-nested-div.html", Encoding.UTF8.GetBytes("<html><body>" + string.Concat(Enumerable.Repeat("<div>", 200_000)) + "text</body></html>"), "crafted");
        yield return ("c-nested-sdt.docx", NestedDocx(20_000), "crafted");
        // A zip bomb-like DOCX part (highly compressible 300 MB document.xml).
        yield return ("c-bomb.docx", BombDocx(300), "crafted");
        // A PDF whose page tree references itself (PdfPig recursion: not guarded yet — a crash shows here).
        yield return ("c-self-ref.pdf", Encoding.ASCII.GetBytes(
            "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [2 0 R] /Count 1 >> endobj\n" +
            "trailer << /Root 1 0 R >>\n%%EOF\n"), "crafted");
        // Two Form XObjects that draw each other (PdfPig recurses into forms: a stack overflow kills the process).
        yield return ("c-xobject-loop.pdf", XObjectLoopPdf(), "crafted");
        // A 447-byte PDF whose object 4 is a reference to itself (PdfPig resolves it until the stack overflows: exit 134).
        yield return ("c-self-object.pdf", Encoding.ASCII.GetBytes(
            "%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n" +
            "3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox 4 0 R /Contents 5 0 R >>\nendobj\n4 0 obj\n4 0 R\nendobj\n" +
            "5 0 obj\n<< /Length 0 >>\nstream\n\nendstream\nendobj\ntrailer\n<< /Size 6 /Root 1 0 R >>\n%%EOF\n"), "crafted");
        // Memory bombs of the issue: a 49 KB PDF holding one 50 MB text string; a 2.7 MB content stream inflating to 2.8 GB.
        yield return ("c-string-bomb.pdf", BombPdf("BT /F1 12 Tf 72 700 Td ("u8.ToArray(), (byte)'A', 50_000_000, ") Tj ET"u8.ToArray()), "crafted");
        yield return ("c-stream-bomb.pdf", BombPdf("BT /F1 12 Tf 72 700 Td (x) Tj ET\n"u8.ToArray(), (byte)' ', 2_800_000_000, []), "crafted");
        // A text file of one 30 M-character line.
        yield return ("c-huge-line.txt", Encoding.UTF8.GetBytes(new string('政', 30_000_000 / 3)), "crafted");
    }

    // A one-page PDF with a correct xref table whose page draws form X1, which draws X2, which draws X1.
    private static byte[] XObjectLoopPdf()
    {
        string[] objects =
        [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Resources << /XObject << /X1 4 0 R >> >> /Contents 6 0 R >>",
            "<< /Type /XObject /Subtype /Form /BBox [0 0 200 200] /Resources << /XObject << /X2 5 0 R >> >> /Length 7 >>\nstream\n/X2 Do\nendstream",
            "<< /Type /XObject /Subtype /Form /BBox [0 0 200 200] /Resources << /XObject << /X1 4 0 R >> >> /Length 7 >>\nstream\n/X1 Do\nendstream",
            "<< /Length 7 >>\nstream\n/X1 Do\nendstream",
        ];
        var sb = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(Encoding.ASCII.GetByteCount(sb.ToString()));
            sb.Append(CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }
        var xref = Encoding.ASCII.GetByteCount(sb.ToString());
        sb.Append(CultureInfo.InvariantCulture, $"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (var o in offsets)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{o:D10} 00000 n \n");
        }
        sb.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.ASCII.GetBytes(sb.ToString());
    }

    // One page whose Flate content stream is head + count × fill + tail, compressed as it is made (never in memory whole).
    private static byte[] BombPdf(byte[] head, byte fill, long count, byte[] tail)
    {
        using var packed = new MemoryStream();
        using (var z = new ZLibStream(packed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            z.Write(head);
            var block = new byte[1 << 20];
            Array.Fill(block, fill);
            for (var left = count; left > 0; left -= block.Length)
            {
                z.Write(block, 0, (int)Math.Min(block.Length, left));
            }
            z.Write(tail);
        }
        string[] objects =
        [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
            "",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ];
        using var ms = new MemoryStream();
        void Put(string text) => ms.Write(Encoding.ASCII.GetBytes(text));
        Put("%PDF-1.4\n");
        var offsets = new List<long>();
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(ms.Position);
            Put(string.Create(CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n"));
            if (i == 3)
            {
                Put(string.Create(CultureInfo.InvariantCulture, $"<< /Length {packed.Length} /Filter /FlateDecode >>\nstream\n"));
                ms.Write(packed.ToArray());
                Put("\nendstream");
            }
            else
            {
                Put(objects[i]);
            }
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

    private static byte[] NestedDocx(int depth)
    {
        var body = new StringBuilder();
        body.Append("<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>");
        for (var i = 0; i < depth; i++)
        {
            body.Append("<w:sdt><w:sdtContent>");
        }
        body.Append("<w:p><w:r><w:t>深</w:t></w:r></w:p>");
        for (var i = 0; i < depth; i++)
        {
            body.Append("</w:sdtContent></w:sdt>");
        }
        body.Append("</w:body></w:document>");
        return Docx(body.ToString());
    }

    private static byte[] BombDocx(int megabytes)
    {
        var para = "<w:p><w:r><w:t>" + new string('a', 1000) + "</w:t></w:r></w:p>";
        var sb = new StringBuilder("<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>");
        for (var i = 0; i < megabytes * 1000; i++)
        {
            sb.Append(para);
        }
        sb.Append("</w:body></w:document>");
        return Docx(sb.ToString());
    }

    private static byte[] Docx(string documentXml)
    {
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Add(string name, string text)
            {
                using var w = new StreamWriter(zip.CreateEntry(name, CompressionLevel.Optimal).Open(), new UTF8Encoding(false));
                w.Write(text);
            }
            Add("[Content_Types].xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>");
            Add("_rels/.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>");
            Add("word/document.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + documentXml);
        }
        return ms.ToArray();
    }
}
