using System.Text;
using PolicyMiner.Extraction.Text;

namespace PolicyMiner.Tests.Extraction.Text;

public class TextEncodingDetectorTests
{
    private static readonly string LawText = File.ReadAllText(ExtractionFixtures.PathOf("law-utf8.txt"), Encoding.UTF8);

    [Theory]
    [InlineData("law-utf8.txt", "utf-8")]
    [InlineData("law-utf8-bom.txt", "utf-8-bom")]
    [InlineData("law-utf16le.txt", "utf-16le")]
    [InlineData("law-utf16be.txt", "utf-16be")]
    [InlineData("law-gbk.txt", "gb18030")]
    public void Real_law_text_in_each_encoding_is_detected_and_decoded_exactly(string file, string expected)
    {
        var text = TextEncodingDetector.Decode(File.ReadAllBytes(ExtractionFixtures.PathOf(file)), out var detected);
        Assert.Equal(expected, detected.Name);
        Assert.Equal(LawText, text);
    }

    [Fact]
    public void Traditional_text_in_big5_is_told_apart_from_gbk()
    {
        var expected = File.ReadAllText(ExtractionFixtures.PathOf("report1954-utf8.txt"), Encoding.UTF8);
        var text = TextEncodingDetector.Decode(File.ReadAllBytes(ExtractionFixtures.PathOf("report1954-big5.txt")), out var detected);
        Assert.Equal("big5", detected.Name);
        Assert.Equal(expected, text);
    }

    // The README's figures (extract: TXT/MD): real text from ../shared encoded as Chinese Windows (GB18030/GBK) and
    // Taiwanese/Hong Kong sources (Big5) write it; every input must come back in its own encoding.
    [Fact]
    public void Every_regulation_and_its_first_sentence_in_gbk_are_detected_as_gb18030()
    {
        var texts = Directory.GetFiles(SharedData.PathOf("corpora", "regulations", "docs"), "*.md").Order(StringComparer.Ordinal)
            .Select(f => File.ReadAllText(f, Encoding.UTF8)).ToArray();
        Assert.Equal(500, texts.Length);
        Assert.Equal(500, texts.Count(t => Detected(TextEncodingDetector.Gb18030, t) == "gb18030"));
        // Single sentences are the hard case: few characters to score.
        var first = texts.Select(t => Sentences(t).First()).ToArray();
        Assert.Equal(500, first.Count(s => Detected(TextEncodingDetector.Gb18030, s) == "gb18030"));
    }

    [Fact]
    public void Every_sentence_of_the_1954_report_is_detected_in_gbk_and_in_big5()
    {
        var sentences = File.ReadLines(SharedData.PathOf("corpora", "gov-work-reports", "government_work_reports.jsonl"))
            .Where(l => l.Contains("\"1954\"", StringComparison.Ordinal))
            .SelectMany(l => Sentences(System.Text.Json.JsonDocument.Parse(l).RootElement.GetProperty("content").GetString()!)).ToArray();
        Assert.Equal(401, sentences.Length);
        Assert.Equal(401, sentences.Count(s => Detected(TextEncodingDetector.Gb18030, s) == "gb18030"));
        // Big5 only where Big5 can encode the sentence (the source mixes in Simplified characters).
        var big5 = sentences.Where(s => TextEncodingDetector.Big5.GetString(TextEncodingDetector.Big5.GetBytes(s)) == s).ToArray();
        Assert.Equal(131, big5.Length);
        Assert.Equal(131, big5.Count(s => Detected(TextEncodingDetector.Big5, s) == "big5"));
    }

    private static string Detected(Encoding encoding, string text) => TextEncodingDetector.Detect(encoding.GetBytes(text)).Name;

    // Sentences of at least 20 characters: split at line breaks and 。, trimmed.
    private static IEnumerable<string> Sentences(string text) => text.Split('\n', '。').Select(s => s.Trim()).Where(s => s.Length >= 20);
}
