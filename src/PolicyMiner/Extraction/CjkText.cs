using System.Text;

namespace PolicyMiner.Extraction;

/// <summary>
/// Character classes and the <c>Clean</c> pass for text that came out of a PDF or OCR
/// (see ../shared/notes/mlnet-pdfpig.md part B2: "contentorder-cjk" and <c>Cjk.Clean</c>).
/// Safe to run on any extractor's output: it only removes whitespace a CJK reader never wants.
/// </summary>
internal static class CjkText
{
    /// <summary>Han ideographs (URO, Ext-A, compatibility) and the BMP halves used by Ext-B+ (surrogates).</summary>
    public static bool IsHan(char c) =>
        c is (>= '\u4E00' and <= '\u9FFF') or (>= '\u3400' and <= '\u4DBF') or (>= '\uF900' and <= '\uFAFF')
            or '\u3007' or (>= '\uD840' and <= '\uD87F') or (>= '\uDC00' and <= '\uDFFF');

    /// <summary>
    /// CJK characters that are written without spaces between them: Han, kana, hangul, CJK punctuation
    /// (U+3000–303F), full-width forms (U+FF00–FFEF) and the general punctuation Chinese uses (“”‘’…—).
    /// </summary>
    public static bool IsCjk(char c) =>
        IsHan(c)
        || c is (>= '\u3001' and <= '\u303F') or (>= '\u3040' and <= '\u30FF') or (>= '\uAC00' and <= '\uD7AF')
            or (>= '\uFF01' and <= '\uFFEF') or '\u2018' or '\u2019' or '\u201C' or '\u201D' or '\u2026' or '\u2014'
            or '\u00B7' or '\u2E3A' or (>= '\u2F00' and <= '\u2FDF') or (>= '\u2E80' and <= '\u2EFF');

    /// <summary>Characters that end a Chinese sentence or clause at a paragraph end: 。；：！？ and closing quotes/brackets.</summary>
    public static bool IsTerminal(char c) =>
        c is '。' or '；' or '：' or '！' or '？' or '”' or '’' or '）' or '」' or '』' or '】' or '〕' or '》'
            or '.' or ';' or ':' or '!' or '?' or ')';

    /// <summary>Characters a reader cannot use: U+FFFD, private use, C0/C1 controls (other than tab/newline).</summary>
    public static bool IsGarbage(char c) =>
        c is '\uFFFD' or (>= '\uE000' and <= '\uF8FF') or (< ' ' and not '\t' and not '\n' and not '\r')
            or (>= '\u007F' and <= '\u009F');

    /// <summary>True for a space that is not a line break (ASCII space, tab, NBSP, ideographic space U+3000).</summary>
    public static bool IsInlineSpace(char c) => c is ' ' or '\t' or '\u00A0' or '\u3000';

    /// <summary>
    /// Cleans extracted text: deletes ASCII spaces/tabs between two CJK characters, deletes a line break after a
    /// non-terminal CJK character when a CJK character follows (a hard wrap inside a sentence). Radicals and other
    /// stand-in characters are left to <see cref="Text.TextNormalizer"/>, which maps them once for every format.
    /// With <paramref name="joinLines"/> false line breaks are kept (for text whose paragraphs are already decided).
    /// </summary>
    public static string Clean(string text, bool joinLines = true)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sb = new StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c is ' ' or '\t' || c == '\n')
            {
                // A run of whitespace: find its extent and its neighbours.
                var j = i;
                var hasNewline = false;
                while (j < text.Length && (text[j] is ' ' or '\t' or '\n' or '\r'))
                {
                    hasNewline |= text[j] == '\n';
                    j++;
                }
                var prev = sb.Length > 0 ? sb[^1] : '\0';
                var next = j < text.Length ? text[j] : '\0';
                var bothCjk = prev != '\0' && next != '\0' && IsCjk(prev) && IsCjk(next);
                if (bothCjk && (!hasNewline || (joinLines && !IsTerminal(prev))))
                {
                    // Spaces between CJK glyphs, or a hard wrap inside a Chinese sentence: drop.
                }
                else if (hasNewline)
                {
                    sb.Append('\n');
                }
                else
                {
                    sb.Append(text, i, j - i);
                }
                i = j;
                continue;
            }
            sb.Append(c);
            i++;
        }
        return sb.ToString();
    }
}
