using System.Globalization;
using System.Text;

namespace PolicyMiner.Segmentation;

/// <summary>Parses jieba dictionary files: the main dictionary (<c>word freq [tag]</c>) and user dictionaries.</summary>
internal static class DictionaryText
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// <c>gen_pfdict</c> (SPEC §2.1): every line is stripped of ASCII whitespace and split on single spaces; the
    /// first field is the word, the second its integer frequency, the third (if any) its POS tag. A later line
    /// for the same word overwrites it, but <c>total</c> adds every line's frequency.
    /// </summary>
    public static PrefixTrie ParseMain(byte[] data, string fileName)
    {
        var words = new Dictionary<string, (int Freq, string? Tag)>(400_000, StringComparer.Ordinal);
        long total = 0;
        int lineNo = 0;
        foreach (var (line, number) in Lines(data))
        {
            lineNo = number;
            var text = Decode(line, fileName, number);
            // NOTE: Python raises on a blank line or a BOM in the main dictionary; we skip blank lines and a
            // leading BOM, which change nothing else.
            if (number == 1 && text.StartsWith('\uFEFF')) { text = text[1..]; }
            if (text.Length == 0) { continue; }
            var fields = text.Split(' ');
            if (fields.Length < 2 || fields[0].Length == 0)
            {
                throw new DictionaryFormatException(fileName, number,
                    $"expected 'word frequency [tag]' separated by single spaces, got '{text}'");
            }
            if (!int.TryParse(fields[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int freq) || freq < 0)
            {
                throw new DictionaryFormatException(fileName, number,
                    $"frequency '{fields[1]}' of '{fields[0]}' is not a whole number between 0 and {int.MaxValue}");
            }
            // NOTE: posseg reads the tag only from lines of exactly three fields (others make Python raise);
            // we take the third field whenever there is one.
            words[fields[0]] = (freq, fields.Length >= 3 ? fields[2] : null);
            total += freq;
        }
        if (words.Count == 0)
        {
            throw new DictionaryFormatException(fileName, lineNo, "the dictionary has no entries");
        }
        return PrefixTrie.Build(words, total);
    }

    /// <summary>Lines split on '\n' (as Python's binary file iteration), stripped of ASCII whitespace.</summary>
    internal static IEnumerable<(ArraySegment<byte> Line, int Number)> Lines(byte[] data)
    {
        int number = 0, pos = 0;
        while (pos < data.Length)
        {
            int nl = Array.IndexOf(data, (byte)'\n', pos);
            int stop = nl < 0 ? data.Length : nl;
            number++;
            int a = pos, b = stop;
            while (a < b && IsAsciiSpace(data[a])) { a++; }
            while (b > a && IsAsciiSpace(data[b - 1])) { b--; }
            yield return (new ArraySegment<byte>(data, a, b - a), number);
            pos = stop + 1;
        }
    }

    // bytes.strip(): space, \t, \n, \v, \f, \r
    private static bool IsAsciiSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' or 0x0B or 0x0C;

    private static string Decode(ArraySegment<byte> line, string fileName, int number)
    {
        try
        {
            return StrictUtf8.GetString(line);
        }
        catch (DecoderFallbackException)
        {
            throw new DictionaryFormatException(fileName, number, "line is not valid UTF-8; save the dictionary as UTF-8");
        }
    }
}
