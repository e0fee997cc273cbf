using System.IO.Compression;
using PolicyMiner.Segmentation;

namespace PolicyMiner.Tests.Segmentation;

/// <summary>
/// models/jieba/dict.bin.gz is generated from ../shared/jieba/dict.txt by this test's compiler path
/// (DictionaryText.ParseMain + PrefixTrie.Write). To regenerate it after changing the format, run
/// <c>POLICYMINER_REGENERATE_JIEBA_DICT=1 dotnet test -c Release --filter DictionaryBinaryTests</c>.
/// </summary>
public class DictionaryBinaryTests
{
    private static byte[] CompileDictTxt()
    {
        var trie = DictionaryText.ParseMain(File.ReadAllBytes(SharedData.PathOf("jieba", "dict.txt")), "dict.txt");
        using var buffer = new MemoryStream();
        trie.Write(buffer);
        return buffer.ToArray();
    }

    [Fact]
    public void Embedded_dictionary_is_exactly_dict_txt_compiled()
    {
        var expected = CompileDictTxt();
        if (Environment.GetEnvironmentVariable("POLICYMINER_REGENERATE_JIEBA_DICT") == "1")
        {
            var target = Path.Combine(SharedData.RepoRoot, "models", "jieba", JiebaTokenizer.EmbeddedDictionaryFile);
            using (var file = File.Create(target))
            using (var gz = new GZipStream(file, CompressionLevel.SmallestSize))
            {
                gz.Write(expected);
            }
            Assert.Fail($"regenerated {target}; rebuild and run the tests again without POLICYMINER_REGENERATE_JIEBA_DICT");
        }
        var embedded = EmbeddedData.ReadAllBytes(JiebaTokenizer.EmbeddedDictionaryFile);
        Assert.Equal(expected.Length, embedded.Length);
        Assert.True(expected.AsSpan().SequenceEqual(embedded), "models/jieba/dict.bin.gz differs from dict.txt compiled; regenerate it");
    }

    [Fact]
    public void Embedded_dictionary_has_jiebas_key_count_and_total()
    {
        var trie = JiebaTokenizer.LoadEmbeddedTrie();
        Assert.Equal(498_113, trie.KeyCount);
        Assert.Equal(60_101_967, trie.Total);
    }
}
