using System.IO.Compression;
using System.Text;
using PolicyMiner.Export;
using SkiaSharp;

namespace PolicyMiner.Tests.Export;

public class ReportFontTests
{
    private static string Gunzip(string path)
    {
        using var gz = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var reader = new StreamReader(gz);
        return reader.ReadToEnd();
    }

    [Fact]
    public void Chart_font_covers_every_character_of_the_gazetteer_the_central_organs_and_the_codebook()
    {
        var data = Path.Combine(SharedData.RepoRoot, "src", "PolicyMiner", "Extraction", "Metadata", "Data");
        var text = Gunzip(Path.Combine(data, "pca-code.json.gz")) + File.ReadAllText(Path.Combine(data, "central-organs.tsv"))
            + File.ReadAllText(Path.Combine(SharedData.RepoRoot, "corpora", "codebook.json")) + "鄠邑区";
        var chars = text.EnumerateRunes().Where(r => r.Value > 0x7F && !Rune.IsWhiteSpace(r) && !Rune.IsControl(r)).Select(r => r.ToString()).Distinct(StringComparer.Ordinal).ToList();
        using var typeface = SKTypeface.FromData(SKData.CreateCopy(ReportFont.Bytes()));
        using var font = new SKFont(typeface);
        var missing = chars.Where(c => font.GetGlyphs(c).Any(g => g == 0)).ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} characters the charts may draw are not in the font: {string.Concat(missing.Take(40))}");
        Assert.True(chars.Count > 500, $"only {chars.Count} characters read: the data files moved?");
    }
}
