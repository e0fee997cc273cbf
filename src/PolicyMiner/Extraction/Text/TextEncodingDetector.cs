using System.Text;
using PolicyMiner.Extraction.Chinese;

namespace PolicyMiner.Extraction.Text;

/// <summary>The encoding chosen for a text file, and why.</summary>
/// <param name="Name">utf-8, utf-8-bom, utf-16le, utf-16be, gb18030 or big5.</param>
/// <param name="Encoding">The .NET encoding used to decode.</param>
/// <param name="PreambleLength">Bytes of byte-order mark to skip.</param>
/// <param name="Confidence">high (BOM or valid UTF-8) or low (guessed between GB18030 and Big5 by character frequency).</param>
public sealed record DetectedEncoding(string Name, Encoding Encoding, int PreambleLength, string Confidence);

/// <summary>
/// Detects the encoding of Chinese/English text files: a byte-order mark wins (UTF-8, UTF-16 LE/BE); else bytes
/// that are valid UTF-8 are UTF-8; else UTF-16 without BOM when every other byte is mostly zero; else the file is
/// decoded both as GB18030 and as Big5, and the reading with more common Chinese characters (and fewer invalid
/// sequences) wins. Mis-decoded Chinese gives rare characters, so the frequency score separates the two well.
/// </summary>
public static class TextEncodingDetector
{
    // The 500 most frequent Han characters of jieba 0.42.1's dict.txt (word frequency spread over its characters),
    // computed once from ../shared/jieba/dict.txt. Their Traditional forms are added from OpenCC's table below.
    private const string CommonSimplified =
        "一是人了不在有大中国和为这上他个地年来我会以到时要出的生学说道民家子也成行下们于后就发自之对得主长可过天作分方用多你着部能市等业全里工公经本都而高政法面门动日进区事代那去心小同北定开产前其军还然起种所如现理机体表力好外与文当两实重新三么只山水关明从化平建又制南内西没此将员名手最东头者月间无安看见各城十相但已些正口通想度加第她合院物性战由位常点海意场武使次二向治因立数样身情入原问把路被并利石老教万知级量任江及应省资委务元美特期世湖回系比气汉总展电科金先声提品设或义王社很统处四首共马形己儿司太目基领队直计别女权话少流命至报米给打变果书清活几州华解议更称程今决张导术府才保交放管结师便走达族反再题色五京河接条规式县白它改风光运信受什组听布百济党指论强做取技黄神选记斯真却职号界件花类何眼兵传带空干农边据集联古广完质阳难增历史专官每住商即步认车台林必死游举线言皇土团收考求德叫近备研争非具李众连调感转笑革该持始英克士尔让拉思根格造较际亲单朝红型价校约器字段周亚深候则功属积快图火千准究往极育装许参半令吃观鱼精办像帝八复影告远群包整构料随划算象容示投势热值夫网望源息语股铁断派速怎需片爱律纪支早况病境证编";

    private static readonly Lazy<(HashSet<char> Simplified, HashSet<char> Traditional)> CommonSets = new(BuildCommonSets);

    /// <summary>GB18030 (superset of GBK and GB2312).</summary>
    public static Encoding Gb18030 { get; } = GetEncoding("GB18030");

    /// <summary>Big5 (code page 950).</summary>
    public static Encoding Big5 { get; } = GetEncoding("big5");

    /// <summary>Chooses the encoding of <paramref name="bytes"/>.</summary>
    public static DetectedEncoding Detect(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return new("utf-8-bom", new UTF8Encoding(false), 3, "high");
        }
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return new("utf-16le", new UnicodeEncoding(bigEndian: false, byteOrderMark: false), 2, "high");
        }
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return new("utf-16be", new UnicodeEncoding(bigEndian: true, byteOrderMark: false), 2, "high");
        }
        if (System.Text.Unicode.Utf8.IsValid(bytes))
        {
            return new("utf-8", new UTF8Encoding(false), 0, "high");
        }
        if (LooksLikeBomlessUtf16(bytes, out var bigEndian))
        {
            return new(bigEndian ? "utf-16be" : "utf-16le", new UnicodeEncoding(bigEndian, byteOrderMark: false), 0, "low");
        }
        var gbScore = Score(Gb18030, bytes, CommonSets.Value.Simplified);
        var big5Score = Score(Big5, bytes, CommonSets.Value.Traditional);
        return big5Score > gbScore
            ? new("big5", Big5, 0, "low")
            : new("gb18030", Gb18030, 0, "low");
    }

    /// <summary>Decodes <paramref name="bytes"/> with the detected encoding.</summary>
    public static string Decode(ReadOnlySpan<byte> bytes, out DetectedEncoding detected)
    {
        detected = Detect(bytes);
        return detected.Encoding.GetString(bytes[detected.PreambleLength..]);
    }

    /// <summary>Common-character hits minus a heavy penalty per invalid sequence (decoded as U+FFFD or '?').</summary>
    internal static double Score(Encoding encoding, ReadOnlySpan<byte> bytes, HashSet<char> common)
    {
        var text = encoding.GetString(bytes);
        double score = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                // a whole pair is a real supplementary character (GB18030's 4-byte sequences, e.g. CJK Extension B):
                // neutral, as it once was penalised twice and GB18030 text with rare characters was read as Big5
                i++;
                continue;
            }
            if (c == '\uFFFD' || char.IsSurrogate(c) || (c >= '\uE000' && c <= '\uF8FF'))
            {
                score -= 5;
            }
            else if (common.Contains(c))
            {
                score += 1;
            }
        }
        return score;
    }

    private static bool LooksLikeBomlessUtf16(ReadOnlySpan<byte> bytes, out bool bigEndian)
    {
        bigEndian = false;
        if (bytes.Length < 4 || bytes.Length % 2 != 0)
        {
            return false;
        }
        int zeroEven = 0, zeroOdd = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == 0)
            {
                if (i % 2 == 0)
                {
                    zeroEven++;
                }
                else
                {
                    zeroOdd++;
                }
            }
        }
        var half = bytes.Length / 2;
        // ASCII-heavy UTF-16: one byte of each pair is zero; CJK text has no zero bytes, so this only catches
        // mostly-Latin files, the rest falls through to the frequency test.
        if (zeroOdd > half * 0.3 && zeroEven < half * 0.05)
        {
            return true;
        }
        if (zeroEven > half * 0.3 && zeroOdd < half * 0.05)
        {
            bigEndian = true;
            return true;
        }
        return false;
    }

    private static (HashSet<char>, HashSet<char>) BuildCommonSets()
    {
        var simplified = new HashSet<char>(CommonSimplified);
        // Traditional forms: every TSCharacters key whose Simplified value is a common character.
        var traditional = new HashSet<char>();
        foreach (var c in CommonSimplified)
        {
            traditional.Add(c); // most common characters are the same in both scripts
        }
        foreach (var (key, value) in ChineseConverter.Load("TSCharacters.txt.gz"))
        {
            if (key.Length == 1 && value.Length == 1 && simplified.Contains(value[0]))
            {
                traditional.Add(key[0]);
                traditional.Remove(value[0]);
            }
        }
        // Characters that are their own Traditional form stay in the set (removed above only when the Simplified
        // form differs and a separate Traditional key maps to it, e.g. 国 is replaced by 國).
        foreach (var (key, value) in ChineseConverter.Load("TSCharacters.txt.gz"))
        {
            if (key == value && key.Length == 1)
            {
                traditional.Add(key[0]);
            }
        }
        return (simplified, traditional);
    }

    private static Encoding GetEncoding(string name)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(name);
    }
}
