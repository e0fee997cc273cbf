using System.Text;
using PolicyMiner.Extraction.Chinese;

namespace PolicyMiner.Extraction.Text;

/// <summary>
/// The one place where extracted text is normalised (DESIGN.md: "text is normalised once, at extraction").
/// Per character: NFKC only where it is safe for Chinese documents — full-width ASCII letters, digits and symbols
/// become half-width, but the full-width punctuation Chinese prose uses (，：；（）！？) and the ideographic space
/// are kept; CJK radicals (both radical blocks, by Unicode's Equivalent_Unified_Ideograph data,
/// <see cref="RadicalFolding"/>), CJK compatibility ideographs (frequent in PDF text layers) and the deprecated angle
/// brackets U+2329/U+232A become the characters they stand for; ligatures are expanded. Zero-width characters, soft hyphens and control characters go.
/// Per paragraph: runs of spaces/tabs collapse to one space; paragraphs are trimmed, empty ones dropped.
/// Line joins (<see cref="JoinLines"/>) never put a space between two Chinese characters.
/// Optionally Traditional → Simplified with OpenCC (<see cref="ChineseConverter"/>).
/// </summary>
public static class TextNormalizer
{
    // Full-width forms kept as they are: the punctuation of Chinese prose.
    private const string KeptFullWidth = "，：；（）！？";

    /// <summary>Normalises text whose paragraphs are separated by '\n'.</summary>
    public static string Normalize(string text, bool toSimplified = false) => Normalize(text, toSimplified, out _);

    /// <summary>
    /// Normalises text whose paragraphs are separated by '\n'; <paramref name="mappedCharacters"/> counts the stand-in
    /// characters replaced by the character they stand for (radicals, compatibility ideographs, angle brackets).
    /// </summary>
    public static string Normalize(string text, bool toSimplified, out int mappedCharacters)
    {
        ArgumentNullException.ThrowIfNull(text);
        mappedCharacters = 0;
        List<int>? foldedRadicals = null;
        var sb = new StringBuilder(text.Length);
        var pendingSpace = false;
        var paragraphHasText = false;
        foreach (var rune in text.EnumerateRunes())
        {
            var c = rune.Value;
            if (c == '\n' || c == '\r' || c == '\u2029' || c == '\u2028')
            {
                if (paragraphHasText)
                {
                    sb.Append('\n');
                }
                paragraphHasText = false;
                pendingSpace = false;
                continue;
            }
            if (c == ' ' || c == '\t' || c == '\u00A0' || c == '\u000B' || c == '\u000C' || (c >= 0x2000 && c <= 0x200A) || c == 0x202F || c == 0x205F)
            {
                pendingSpace = paragraphHasText;
                continue;
            }
            if (IsDropped(c))
            {
                continue;
            }
            if (pendingSpace)
            {
                sb.Append(' ');
                pendingSpace = false;
            }
            var before = sb.Length;
            if (AppendNormalized(sb, rune))
            {
                mappedCharacters++;
                if (RadicalFolding.InRange(c) && sb.Length == before + 1)
                {
                    (foldedRadicals ??= []).Add(before);
                }
            }
            paragraphHasText = true;
        }
        while (sb.Length > 0 && sb[^1] == '\n')
        {
            sb.Length--;
        }
        if (foldedRadicals is not null)
        {
            RadicalFolding.ResolveVariants(sb, foldedRadicals);
        }
        var result = sb.ToString();
        return toSimplified ? ChineseConverter.TraditionalToSimplified.Convert(result) : result;
    }

    /// <summary>
    /// Joins the lines of one wrapped paragraph: no separator where either side of the break is a CJK character
    /// (Han, kana, CJK punctuation, full-width forms), a space between Latin words, and a word hyphenated across
    /// the break ("regu-" + "lation") joined without its hyphen.
    /// </summary>
    public static string JoinLines(IEnumerable<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var sb = new StringBuilder();
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.Length == 0)
            {
                continue;
            }
            if (sb.Length > 0)
            {
                var last = sb[^1];
                var first = line[0];
                if (last == '-' && sb.Length >= 2 && char.IsAsciiLetterLower(sb[^2]) && char.IsAsciiLetterLower(first))
                {
                    sb.Length--; // de-hyphenate
                }
                else if (!IsCjk(last) && !IsCjk(first))
                {
                    sb.Append(' ');
                }
            }
            sb.Append(line);
        }
        return sb.ToString();
    }

    /// <summary>True for Han ideographs (incl. extensions and compatibility blocks).</summary>
    public static bool IsHan(int c) =>
        (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x20000 && c <= 0x323AF)
        || (c >= 0xF900 && c <= 0xFAFF) || c == 0x3007;

    /// <summary>True for characters of CJK writing: Han, kana, CJK symbols and punctuation, full-width forms.</summary>
    public static bool IsCjk(char c) =>
        IsHan(c) || char.IsSurrogate(c) || (c >= '\u3000' && c <= '\u30FF') || (c >= '\uFF00' && c <= '\uFFEF')
        || (c >= '\u2E80' && c <= '\u2FDF') || c == '\u2014' || c == '\u2026' || c == '\u201C' || c == '\u201D'
        || c == '\u2018' || c == '\u2019' || c == '\u00B7';

    private static bool IsDropped(int c) =>
        c == 0x200B || c == 0x200C || c == 0x200D || c == 0x2060 || c == 0xFEFF || c == 0x00AD
        || (c < 0x20) || (c >= 0x7F && c <= 0x9F);

    /// <summary>Appends the normalised form of <paramref name="rune"/>; true when a stand-in character was replaced.</summary>
    private static bool AppendNormalized(StringBuilder sb, Rune rune)
    {
        var c = rune.Value;
        if (c >= 0xFF01 && c <= 0xFF5E)
        {
            // Full-width ASCII → ASCII, except Chinese prose punctuation.
            if (KeptFullWidth.Contains((char)c, StringComparison.Ordinal))
            {
                sb.Append((char)c);
            }
            else
            {
                sb.Append((char)(c - 0xFEE0));
            }
            return false;
        }
        if (RadicalFolding.TryFold(c, out var folded))
        {
            sb.Append(new Rune(folded).ToString());
            return true;
        }
        if ((c >= 0xF900 && c <= 0xFAFF) // CJK compatibility ideographs
            || (c >= 0x2F800 && c <= 0x2FA1F)) // CJK compatibility ideographs supplement
        {
            var nfkc = rune.ToString().Normalize(NormalizationForm.FormKC);
            sb.Append(nfkc);
            return !string.Equals(nfkc, rune.ToString(), StringComparison.Ordinal);
        }
        if (c >= 0xFB00 && c <= 0xFB06) // Latin ligatures
        {
            sb.Append(rune.ToString().Normalize(NormalizationForm.FormKC));
            return false;
        }
        Span<char> buffer = stackalloc char[2];
        var n = rune.EncodeToUtf16(buffer);
        sb.Append(buffer[..n]);
        return false;
    }
}
