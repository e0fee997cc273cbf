using System.Globalization;
using System.Text;

namespace PolicyMiner.Segmentation;

/// <summary>Reads jieba user dictionaries (<c>load_userdict</c>, SPEC §2.11).</summary>
internal static class UserDictionary
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// The entries of a user dictionary in file order: word, frequency (null = suggest one) and tag.
    /// </summary>
    public static List<(string Word, long? Freq, string? Tag)> Read(string path)
    {
        byte[] data;
        try
        {
            data = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DictionaryFormatException(path, 0, $"cannot read the user dictionary: {e.Message}");
        }
        return Parse(data, path);
    }

    /// <summary>Parses user-dictionary bytes (UTF-8 ± BOM, else GB18030).</summary>
    public static List<(string Word, long? Freq, string? Tag)> Parse(byte[] data, string fileName)
    {
        // NOTE: Python accepts UTF-8 only; GB18030 files (common from Chinese Windows tools) are read too.
        var encoding = IsUtf8(data) ? StrictUtf8 : Gb18030() is { } gb && Decodes(gb, data) ? gb : null;
        if (encoding is null)
        {
            int bad = FirstInvalidUtf8Line(data);
            throw new DictionaryFormatException(fileName, bad,
                "line is neither UTF-8 nor GB18030 text; save the user dictionary as UTF-8");
        }
        var entries = new List<(string, long?, string?)>();
        foreach (var (bytes, number) in DictionaryText.Lines(data))
        {
            // Python strips the bytes (ASCII whitespace), decodes, then removes BOMs at the start of each line.
            var line = encoding.GetString(bytes).TrimStart('\uFEFF');
            if (line.Length == 0) { continue; }
            var (word, freqText, tag) = Match(line);
            long? freq = null;
            if (freqText is not null)
            {
                if (!long.TryParse(freqText, NumberStyles.None, CultureInfo.InvariantCulture, out var f) || f > int.MaxValue)
                {
                    throw new DictionaryFormatException(fileName, number,
                        $"frequency {freqText} of '{word}' is too large (at most {int.MaxValue})");
                }
                freq = f;
            }
            entries.Add((word, freq, tag));
        }
        return entries;
    }

    /// <summary>
    /// <c>^(.+?)( [0-9]+)?( [a-z]+)?$</c> without Regex: the shortest non-empty word whose remainder is an optional
    /// " digits" then an optional " lowercase". E.g. <c>词 3 NZ</c> → the whole line is the word (as in Python).
    /// </summary>
    internal static (string Word, string? Freq, string? Tag) Match(string line)
    {
        for (int w = 1; w <= line.Length; w++)
        {
            if (TryRest(line, w, out var freq, out var tag))
            {
                return (line[..w], freq, tag);
            }
        }
        return (line, null, null); // unreachable: w = line.Length always matches the empty rest
    }

    private static bool TryRest(string s, int pos, out string? freq, out string? tag)
    {
        freq = tag = null;
        int p = pos;
        int digits = Run(s, p + 1, static c => c is >= '0' and <= '9');
        if (p < s.Length && s[p] == ' ' && digits > 0)
        {
            int q = p + 1 + digits;
            if (TryTag(s, q, out tag))
            {
                freq = s.Substring(p + 1, digits);
                return true;
            }
        }
        return TryTag(s, p, out tag);
    }

    private static bool TryTag(string s, int p, out string? tag)
    {
        tag = null;
        if (p == s.Length) { return true; }
        int letters = Run(s, p + 1, static c => c is >= 'a' and <= 'z');
        if (s[p] == ' ' && letters > 0 && p + 1 + letters == s.Length)
        {
            tag = s.Substring(p + 1, letters);
            return true;
        }
        return false;
    }

    private static int Run(string s, int from, Func<char, bool> accept)
    {
        int n = 0;
        while (from + n < s.Length && accept(s[from + n])) { n++; }
        return n;
    }

    private static bool IsUtf8(byte[] data) => Decodes(StrictUtf8, data);

    private static bool Decodes(Encoding encoding, byte[] data)
    {
        try
        {
            _ = encoding.GetCharCount(data);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    private static Encoding? Gb18030()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        try
        {
            return Encoding.GetEncoding("GB18030", EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static int FirstInvalidUtf8Line(byte[] data)
    {
        foreach (var (bytes, number) in DictionaryText.Lines(data))
        {
            if (!Decodes(StrictUtf8, [.. bytes])) { return number; }
        }
        return 0;
    }
}
