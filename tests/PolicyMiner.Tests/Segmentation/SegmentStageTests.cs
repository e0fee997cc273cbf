using System.Text.Json;
using PolicyMiner.Extraction;
using PolicyMiner.Segmentation;

namespace PolicyMiner.Tests.Segmentation;

/// <summary>The segment stage streams in chunks (issue 15): output independent of chunking, in input order, every document.</summary>
public sealed class SegmentStageTests
{
    [Fact]
    public void Chunked_segmenting_writes_every_document_in_order_whatever_the_chunk_size()
    {
        // Records of 300 real State Council regulations (the export golden fixture, stored without text) carrying the
        // texts of the 48 sample regulations, repeated to 1,100 records: more than two chunks at 2 cores (512 each),
        // with one extract error row among them.
        var source = Path.Combine(SharedData.RepoRoot, "tests", "PolicyMiner.Tests", "Export", "Fixtures", "golden", "regs300", "documents.jsonl");
        var real = DocumentsJsonl.Read(source).ToList();
        Assert.Equal(300, real.Count);
        var texts = Directory.GetFiles(Path.Combine(SharedData.RepoRoot, "corpora", "sample", "regulations", "docs"), "*.md").Order(StringComparer.Ordinal).Select(File.ReadAllText).ToList();
        Assert.Equal(48, texts.Count);
        var docs = Enumerable.Range(0, 1100).Select(i => real[i % real.Count] with { DocId = $"d{i:0000}", Text = texts[i % texts.Count] }).ToList();
        docs[700] = docs[700] with { Text = "", Error = "constructed error row" };
        var dir = Directory.CreateTempSubdirectory("pm-segment-chunks").FullName;
        var input = Path.Combine(dir, "documents.jsonl");
        DocumentsJsonl.Write(input, docs);

        var two = SegmentStage.Run(input, Path.Combine(dir, "two.jsonl"), maxParallelism: 2);
        var one = SegmentStage.Run(input, Path.Combine(dir, "one.jsonl"), maxParallelism: 1);
        Assert.Equal(File.ReadAllBytes(Path.Combine(dir, "one.jsonl")), File.ReadAllBytes(Path.Combine(dir, "two.jsonl")));
        Assert.Equal(one, two);
        Assert.Equal(1100, two.Documents);
        Assert.Equal(1, two.ErrorRows);

        var lines = File.ReadAllLines(Path.Combine(dir, "two.jsonl"));
        Assert.Equal(1100, lines.Length);
        long tokens = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            using var json = JsonDocument.Parse(lines[i]);
            Assert.Equal($"d{i:0000}", json.RootElement.GetProperty("doc_id").GetString());
            if (i == 700)
            {
                Assert.Equal("constructed error row", json.RootElement.GetProperty("error").GetString());
                continue;
            }
            var expected = JiebaTokenizer.Default.Tokenize(docs[i].Text);
            var got = json.RootElement.GetProperty("tokens");
            Assert.Equal(expected.Count, got.GetArrayLength());
            tokens += expected.Count;
            if (i % 97 == 0)
            {
                Assert.Equal(expected.Select(t => t.Word), got.EnumerateArray().Select(t => t[0].GetString()));
            }
        }
        Assert.Equal(tokens, two.Tokens);
        Assert.True(tokens > 500_000, $"{tokens} tokens");
    }
}
