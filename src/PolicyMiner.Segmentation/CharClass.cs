namespace PolicyMiner.Segmentation;

/// <summary>
/// The character classes of jieba 0.42.1's regular expressions, as one 64 KiB lookup table (no Regex in the hot
/// path, SPEC §2.16). Each predicate is named after the regex it mirrors.
/// </summary>
internal static class CharClass
{
    private const byte HanDefaultBit = 1;   // re_han_default   [\u4E00-\u9FD5a-zA-Z0-9+#&\._%\-]
    private const byte HanInternalBit = 2;  // re_han_internal  [\u4E00-\u9FD5a-zA-Z0-9+#&\._]   (posseg)
    private const byte SpaceBit = 4;        // Python 3 `\s` on str (29 code points, SPEC §2.3.4)
    private const byte AsciiAlnumBit = 8;   // re_eng           [a-zA-Z0-9]
    private const byte HanBit = 16;         // re_han (finalseg/posseg detail) [\u4E00-\u9FD5]

    /// <summary>First and last code point of jieba's "Han" range (CJK Unified Ideographs up to U+9FD5).</summary>
    public const char HanFirst = '\u4E00', HanLast = '\u9FD5';

    private static readonly byte[] Table = Build();

    private static byte[] Build()
    {
        var t = new byte[65536];
        for (int c = HanFirst; c <= HanLast; c++)
        {
            t[c] = HanDefaultBit | HanInternalBit | HanBit;
        }
        for (int c = 0; c < 128; c++)
        {
            if (c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9')
            {
                t[c] = HanDefaultBit | HanInternalBit | AsciiAlnumBit;
            }
        }
        foreach (var c in "+#&._")
        {
            t[c] = HanDefaultBit | HanInternalBit;
        }
        t['%'] = HanDefaultBit;
        t['-'] = HanDefaultBit;
        // NOTE: Python's `\s` includes U+001C..U+001F (.NET's char.IsWhiteSpace does not); U+200B and U+FEFF are
        // not whitespace in either. Parity list verified on CPython 3.11 (SPEC §2.3.4).
        int[] spaces = [0x1C, 0x1D, 0x1E, 0x1F, 0x20, 0x85, 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000];
        foreach (var c in spaces)
        {
            t[c] |= SpaceBit;
        }
        for (int c = 0x09; c <= 0x0D; c++)
        {
            t[c] |= SpaceBit;
        }
        for (int c = 0x2000; c <= 0x200A; c++)
        {
            t[c] |= SpaceBit;
        }
        return t;
    }

    /// <summary><c>re_han_default</c>: the block class of <c>jieba.cut</c>.</summary>
    public static bool IsHanDefault(char c) => (Table[c] & HanDefaultBit) != 0;

    /// <summary><c>re_han_internal</c>: the block class of <c>jieba.posseg</c> (no <c>%</c>, no <c>-</c>).</summary>
    public static bool IsHanInternal(char c) => (Table[c] & HanInternalBit) != 0;

    /// <summary>Python 3 <c>\s</c> (what <c>re_skip_default</c> splits on).</summary>
    public static bool IsSpace(char c) => (Table[c] & SpaceBit) != 0;

    /// <summary><c>[a-zA-Z0-9]</c>.</summary>
    public static bool IsAsciiAlnum(char c) => (Table[c] & AsciiAlnumBit) != 0;

    /// <summary><c>[\u4E00-\u9FD5]</c>.</summary>
    public static bool IsHan(char c) => (Table[c] & HanBit) != 0;

    /// <summary><c>[0-9]</c> (ASCII digit; Python's <c>\d</c> only ever sees ASCII inside a block).</summary>
    public static bool IsAsciiDigit(char c) => (uint)(c - '0') <= 9;
}
