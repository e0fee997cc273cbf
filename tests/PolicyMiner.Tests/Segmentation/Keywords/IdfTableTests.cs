using System.Globalization;
using System.IO.Compression;
using PolicyMiner.Segmentation;
using PolicyMiner.Segmentation.Keywords;

namespace PolicyMiner.Tests.Segmentation.Keywords;

/// <summary>
/// models/jieba/idf.bin.br is ../shared/jieba/idf.txt compiled by <c>IdfTable.WriteBinary</c> and Brotli-compressed.
/// To regenerate it after changing the format, run
/// <c>POLICYMINER_REGENERATE_JIEBA_IDF=1 dotnet test -c Release --filter IdfTableTests</c>.
/// </summary>
public class IdfTableTests
{
    private static readonly Lazy<IdfTable> SharedIdfTxt = new(() => IdfTable.FromFile(SharedData.PathOf("jieba", "idf.txt")));

    [Fact]
    public void Embedded_idf_binary_is_exactly_idf_txt_compiled()
    {
        using var compiled = new MemoryStream();
        SharedIdfTxt.Value.WriteBinary(compiled);
        var expected = compiled.ToArray();
        if (Environment.GetEnvironmentVariable("POLICYMINER_REGENERATE_JIEBA_IDF") == "1")
        {
            var target = Path.Combine(SharedData.RepoRoot, "models", "jieba", IdfTable.EmbeddedFile);
            using (var file = File.Create(target))
            using (var brotli = new BrotliStream(file, CompressionLevel.SmallestSize))
            {
                brotli.Write(expected);
            }
            Assert.Fail($"regenerated {target}; rebuild and run the tests again without POLICYMINER_REGENERATE_JIEBA_IDF");
        }
        var embedded = EmbeddedData.ReadAllBytes(IdfTable.EmbeddedFile);
        Assert.True(expected.AsSpan().SequenceEqual(embedded), "models/jieba/idf.bin.br differs from idf.txt compiled; regenerate it");
    }

    [Fact]
    public void Embedded_table_has_jiebas_270132_entries_and_upper_median()
    {
        Assert.Equal(270_132, IdfTable.Default.Count);
        Assert.Equal(double.Parse("11.9547675029", CultureInfo.InvariantCulture), IdfTable.Default.Median);
    }

    [Fact]
    public void Embedded_table_equals_shared_idf_txt_bit_for_bit()
    {
        var text = SharedIdfTxt.Value;
        Assert.Equal(text.Count, IdfTable.Default.Count);
        int checkedEntries = 0;
        foreach (var (word, idf) in text.Entries)
        {
            Assert.True(IdfTable.Default.TryGetValue(word, out var embedded), word);
            Assert.Equal(BitConverter.DoubleToInt64Bits(idf), BitConverter.DoubleToInt64Bits(embedded));
            checkedEntries++;
        }
        Assert.Equal(270_132, checkedEntries);
    }

    [Fact]
    public void Word_in_table_gets_its_idf_and_missing_word_gets_the_median()
    {
        // idf.txt line: "劳动防护 13.900677652"
        Assert.Equal(13.900677652, IdfTable.Default["劳动防护"]);
        Assert.False(IdfTable.Default.TryGetValue("不在词表里的词", out _));
        Assert.Equal(IdfTable.Default.Median, IdfTable.Default["不在词表里的词"]);
    }

    [Fact]
    public void Idf_file_median_is_the_upper_median_and_later_lines_win()
    {
        using var dir = new TempDir();
        var path = dir.Write("idf.txt", "甲 1.0\n乙 2.0\r\n丙 4.0\n丁 3.0\n甲 5.0\n");
        var table = IdfTable.FromFile(path);
        Assert.Equal(4, table.Count);
        Assert.Equal(5.0, table["甲"]);
        Assert.Equal(4.0, table.Median); // sorted [2,3,4,5][4 // 2]
    }

    [Fact]
    public void Bad_line_in_idf_file_names_the_file_and_line()
    {
        using var dir = new TempDir();
        var path = dir.Write("idf.txt", "甲 1.0\n乙 two\n");
        var e = Assert.Throws<FormatException>(() => IdfTable.FromFile(path));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("line 2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_idf_file_is_reported_with_its_path()
    {
        var e = Assert.Throws<FileNotFoundException>(() => IdfTable.FromFile("/no/such/idf.txt"));
        Assert.Contains("/no/such/idf.txt", e.Message, StringComparison.Ordinal);
    }
}
