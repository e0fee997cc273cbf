using PolicyMiner.Segmentation.Keywords;

namespace PolicyMiner.Tests.Segmentation.Keywords;

public class StopWordsTests
{
    [Fact]
    public void Default_stop_set_is_jiebas_31_english_words_only()
    {
        Assert.Equal(31, StopWords.Default.Count);
        Assert.Contains("the", StopWords.Default);
        Assert.Contains("or", StopWords.Default);
        Assert.DoesNotContain("的", StopWords.Default);
    }

    [Fact]
    public void Stop_word_file_lines_are_taken_verbatim_with_python_splitlines()
    {
        using var dir = new TempDir();
        var path = dir.Write("stop.txt", "的\r\nFoo\n bar \r了\u2028\n");
        Assert.Equal(["的", "Foo", " bar ", "了", ""], StopWords.ReadFile(path));
    }

    [Fact]
    public void Stop_word_file_utf8_bom_is_dropped()
    {
        using var dir = new TempDir();
        var path = dir.WriteBytes("stop.txt", [0xEF, 0xBB, 0xBF, .. "的\n"u8]);
        Assert.Equal(["的"], StopWords.ReadFile(path));
    }

    [Fact]
    public void Stop_word_file_that_is_not_utf8_is_an_error_naming_the_file()
    {
        using var dir = new TempDir();
        var path = dir.WriteBytes("stop.txt", [0xB5, 0xC4, 0x0A]); // "的" in GB18030
        var e = Assert.Throws<InvalidDataException>(() => StopWords.ReadFile(path));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_stop_word_file_is_reported_with_its_path()
    {
        var e = Assert.Throws<FileNotFoundException>(() => StopWords.ReadFile("/no/such/stop.txt"));
        Assert.Contains("/no/such/stop.txt", e.Message, StringComparison.Ordinal);
    }
}
