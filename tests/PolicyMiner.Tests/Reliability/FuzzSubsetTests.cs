using PolicyMiner.Extraction;
using PolicyMiner.Tests.Extraction;

namespace PolicyMiner.Tests.Reliability;

// The fast subset of the `fuzz` benchmark (issue 12 item 7): seeded mutants of the real fixtures through one batch, in
// process. A crash here takes the test host down, which fails the run; every file must come back as a record.
public class FuzzSubsetTests
{
    [Fact]
    public void Sixty_mutated_fixtures_each_become_a_record_and_the_batch_finishes()
    {
        var random = new Random(7);
        var seeds = new[] { "regulation_libreoffice.pdf", "law_hukou_registration_chromium.pdf", "gbk_euc_h_no_tounicode.pdf", "regulation.docx", "regulation-gbk.html", "law-gbk.txt" };
        using var temp = ExtractionFixtures.Temp();
        var dir = Directory.CreateDirectory(Path.Combine(temp.Path, "in")).FullName;
        for (var i = 0; i < 60; i++)
        {
            var name = seeds[i % seeds.Length];
            var b = File.ReadAllBytes(ExtractionFixtures.PathOf(name));
            switch (i % 3)
            {
                case 0:
                    for (var k = 0; k < 16; k++)
                    {
                        b[random.Next(b.Length)] = (byte)random.Next(256);
                    }
                    break;
                case 1:
                    b = b[..Math.Max(1, random.Next(b.Length))];
                    break;
                default:
                    var at = random.Next(b.Length);
                    var junk = new byte[1 + random.Next(200)];
                    random.NextBytes(junk);
                    b = [.. b[..at], .. junk, .. b[at..]];
                    break;
            }
            File.WriteAllBytes(Path.Combine(dir, $"m{i:D2}-{name}"), b);
        }
        var result = new Extractor(new ExtractOptions { Ocr = OcrMode.Off, MaxParallelism = 2 }).ExtractBatch([dir], temp.File("documents.jsonl"));
        Assert.Equal(60, result.Documents.Count);
        Assert.Equal(60, DocumentsJsonl.Read(temp.File("documents.jsonl")).Count());
        Assert.All(result.Documents.Where(d => d.IsError), d => Assert.Contains(Path.GetFileName(d.Path), d.Error!, StringComparison.Ordinal));
    }
}
