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

    [Fact]
    public void Gbk_and_big5_are_told_apart_on_every_regulation_of_the_shared_corpus()
    {
        // 100 real regulations encoded both ways: each must come back in its own encoding.
        var files = Directory.GetFiles(SharedData.PathOf("corpora", "regulations", "docs"), "*.md").Order(StringComparer.Ordinal).Take(100);
        int gbOk = 0, big5Ok = 0, big5Total = 0;
        foreach (var file in files)
        {
            var text = File.ReadAllText(file, Encoding.UTF8);
            text = text[..Math.Min(text.Length, 2000)];
            if (TextEncodingDetector.Detect(TextEncodingDetector.Gb18030.GetBytes(text)).Name == "gb18030")
            {
                gbOk++;
            }
        }
        Assert.Equal(100, gbOk);
        foreach (var line in File.ReadLines(SharedData.PathOf("corpora", "gov-work-reports", "government_work_reports.jsonl")).Where(l => l.Contains("\"1954\"", StringComparison.Ordinal)))
        {
            var content = System.Text.Json.JsonDocument.Parse(line).RootElement.GetProperty("content").GetString()!;
            foreach (var paragraph in content.Split('\n', '。').Where(p => p.Length >= 20))
            {
                var bytes = TextEncodingDetector.Big5.GetBytes(paragraph);
                if (TextEncodingDetector.Big5.GetString(bytes) != paragraph)
                {
                    continue; // not encodable in Big5 (Simplified characters in the source)
                }
                big5Total++;
                if (TextEncodingDetector.Detect(bytes).Name == "big5")
                {
                    big5Ok++;
                }
            }
        }
        Assert.True(big5Total > 100, $"only {big5Total} Big5 paragraphs");
        Assert.True(big5Ok >= big5Total * 0.98, $"Big5 detected on {big5Ok}/{big5Total} paragraphs");
    }
}
