using System.Text.Json;
using PolicyMiner.Extraction;

namespace PolicyMiner.Tests.Cli;

public class SegmentCommandTests
{
    [Fact]
    public void Segment_writes_jieba_tokens_whose_utf16_offsets_cut_the_extracted_text()
    {
        var dir = Path.Combine(Path.GetTempPath(), "pm-seg-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var docs = Path.Combine(dir, "documents.jsonl");
        var sample = Path.Combine(SharedData.RepoRoot, "corpora", "sample", "regulations", "new");
        Assert.Equal(0, CliRunner.Run("", "extract", Path.Combine(sample, "R0035.md"), Path.Combine(sample, "R0065.md"), "--ocr", "off", "-o", docs).ExitCode);
        var output = Path.Combine(dir, "segmented.jsonl");
        var r = CliRunner.Run("", "segment", docs, "-o", output);
        Assert.True(r.ExitCode == 0, r.Stderr);
        var texts = DocumentsJsonl.Read(docs).ToDictionary(d => d.DocId, d => d.Text, StringComparer.Ordinal);
        var lines = File.ReadAllLines(output);
        Assert.Equal(2, lines.Length);
        foreach (var line in lines)
        {
            using var json = JsonDocument.Parse(line);
            var text = texts[json.RootElement.GetProperty("doc_id").GetString()!];
            var end = 0;
            var words = new List<string>();
            foreach (var t in json.RootElement.GetProperty("tokens").EnumerateArray())
            {
                var (word, s, e) = (t[0].GetString()!, t[1].GetInt32(), t[2].GetInt32());
                Assert.Equal(end, s); // tokens tile the text
                Assert.Equal(word, text[s..e]);
                end = e;
                words.Add(word);
            }
            Assert.Equal(text.Length, end);
            Assert.Equal(PolicyMiner.Segmentation.JiebaTokenizer.Default.Cut(text), words);
        }
    }

    [Fact]
    public void Segment_of_a_missing_file_says_to_run_extract()
    {
        var r = CliRunner.Run("", "segment", "no-such/documents.jsonl", "-o", Path.Combine(Path.GetTempPath(), "x.jsonl"));
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("policyminer extract", r.Stderr, StringComparison.Ordinal);
    }
}
