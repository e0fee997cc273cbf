using System.Text;
using PolicyMiner.Segmentation;

namespace PolicyMiner.Tests.Segmentation;

/// <summary>User dictionary files. Expected values from python3-jieba 0.42.1 loading the same UTF-8 file.</summary>
public sealed class UserDictionaryTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pm-userdict-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    // BOM, CRLF, a blank line, freq+tag, freq only, tag only, neither, and a word with a space (as jieba's docs).
    private const string Lines = "创新办 3 i\r\n云计算 5\r\n\r\n凱特琳 nz\r\n台中\r\nEdu Trust认证 2000\r\n";

    private static void AssertLoadedLikeJieba(JiebaTokenizer jieba, long totalBefore)
    {
        Assert.Equal(2078, jieba.TotalFrequency - totalBefore);
        Assert.Equal(3, jieba.GetFrequency("创新办"));
        Assert.Equal(5, jieba.GetFrequency("云计算"));
        Assert.Equal(1, jieba.GetFrequency("凱特琳"));
        Assert.Equal(69, jieba.GetFrequency("台中"));
        Assert.Equal(2000, jieba.GetFrequency("Edu Trust认证"));
        const string text = "李小福是创新办主任也是云计算方面的专家，凱特琳在台中";
        Assert.Equal(["李小福", "是", "创新办", "主任", "也", "是", "云计算", "方面", "的", "专家", "，", "凱特琳", "在", "台中"], jieba.Cut(text));
        Assert.Equal(
            ["李小福/nr", "是/v", "创新办/i", "主任/b", "也/d", "是/v", "云计算/x", "方面/n", "的/uj", "专家/n", "，/x", "凱特琳/nz", "在/p", "台中/s"],
            jieba.CutWithPos(text).Select(p => p.Word + "/" + p.Flag));
    }

    [Fact]
    public void Utf8_with_bom_and_crlf_loads_like_jieba()
    {
        var jieba = JiebaTokenizer.Create();
        long total = jieba.TotalFrequency;
        jieba.LoadUserDictionary(Write("utf8.txt", [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(Lines)]));
        AssertLoadedLikeJieba(jieba, total);
    }

    [Fact]
    public void Gb18030_file_loads_like_the_utf8_one()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var gb = Encoding.GetEncoding("GB18030");
        var jieba = JiebaTokenizer.Create();
        long total = jieba.TotalFrequency;
        jieba.LoadUserDictionary(Write("gb.txt", gb.GetBytes(Lines)));
        AssertLoadedLikeJieba(jieba, total);
    }

    [Theory]
    [InlineData("词 3 NZ", "词 3 NZ", null, null)]
    [InlineData("云计算 5 n", "云计算", "5", "n")]
    [InlineData("A 1 b c", "A 1 b", null, "c")]
    [InlineData("a 12", "a", "12", null)]
    [InlineData("x  3", "x ", "3", null)]
    [InlineData("b 3x n", "b 3x", null, "n")]
    public void Lines_split_into_word_freq_tag_as_jiebas_regex(string line, string word, string? freq, string? tag) =>
        Assert.Equal((word, freq, tag), UserDictionary.Match(line));

    [Fact]
    public void Undecodable_line_is_an_error_naming_file_and_line()
    {
        // Line 3 holds bytes that are valid in neither UTF-8 nor GB18030 (0xFF).
        var path = Write("bad.txt", [.. Encoding.UTF8.GetBytes("创新办 3 i\n云计算 5\n"), 0xFF, 0xFE, (byte)'\n']);
        var jieba = JiebaTokenizer.Create();
        var e = Assert.Throws<DictionaryFormatException>(() => jieba.LoadUserDictionary(path));
        Assert.Equal(path, e.FilePath);
        Assert.Equal(3, e.LineNumber);
        Assert.Contains($"{path}:3:", e.Message, StringComparison.Ordinal);
        Assert.Null(jieba.GetFrequency("创新办")); // nothing applied
    }

    [Fact]
    public void Too_large_frequency_is_an_error_naming_file_and_line()
    {
        var path = Write("big.txt", Encoding.UTF8.GetBytes("创新办 3 i\n\n云计算 99999999999999999999999\n"));
        var e = Assert.Throws<DictionaryFormatException>(() => JiebaTokenizer.Create().LoadUserDictionary(path));
        Assert.Equal(3, e.LineNumber);
        Assert.Contains("99999999999999999999999", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_file_is_an_error_naming_the_file()
    {
        var path = Path.Combine(_dir, "nope.txt");
        var e = Assert.Throws<DictionaryFormatException>(() => JiebaTokenizer.Create().LoadUserDictionary(path));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Main_dictionary_with_a_bad_frequency_is_an_error_naming_file_and_line()
    {
        var path = Write("dict.txt", Encoding.UTF8.GetBytes("中国 100 ns\n人民 abc n\n"));
        var e = Assert.Throws<DictionaryFormatException>(() => JiebaTokenizer.FromDictionary(path));
        Assert.Equal(2, e.LineNumber);
        Assert.Contains($"{path}:2:", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Main_dictionary_file_replaces_the_embedded_one()
    {
        var path = Write("dict.txt", Encoding.UTF8.GetBytes("中国 100 ns\n人民 50 n\n中国人 1 n\n"));
        var jieba = JiebaTokenizer.FromDictionary(path);
        Assert.Equal(151, jieba.TotalFrequency);
        Assert.Equal(["中国", "人民"], jieba.Cut("中国人民", hmm: false));
        Assert.Equal(["中国/ns", "人民/n"], jieba.CutWithPos("中国人民").Select(p => p.Word + "/" + p.Flag));
    }
}
