using System.Text;
using PolicyMiner.Extraction.Text;

namespace PolicyMiner.Extraction.Metadata;

/// <summary>Character statistics of a text: the language decision and the quality-report ratios.</summary>
/// <param name="NonSpace">Non-whitespace characters (Unicode scalar values).</param>
/// <param name="Han">Han ideographs.</param>
/// <param name="Latin">Latin letters (ASCII and Latin-1/Extended-A letters).</param>
/// <param name="Replacement">U+FFFD and private-use characters (signs of a broken font/encoding).</param>
public sealed record TextStatistics(int NonSpace, int Han, int Latin, int Replacement)
{
    /// <summary>Han share of non-space characters.</summary>
    public double HanRatio => NonSpace == 0 ? 0 : (double)Han / NonSpace;

    /// <summary>Latin-letter share of non-space characters.</summary>
    public double LatinRatio => NonSpace == 0 ? 0 : (double)Latin / NonSpace;

    /// <summary>Replacement/private-use share of non-space characters.</summary>
    public double ReplacementRate => NonSpace == 0 ? 0 : (double)Replacement / NonSpace;

    /// <summary>
    /// zh, en or mixed; null without letters. One Han character weighs as much as an English word (≈ 5 letters incl.
    /// its space, so Latin letters count 1/5): zh when Han carry ≥ 85% of that weight, en when ≤ 15%, else mixed.
    /// </summary>
    public string? Language
    {
        get
        {
            var weight = Han + (Latin / 5.0);
            if (weight < 1)
            {
                return null;
            }
            var zhShare = Han / weight;
            return zhShare >= 0.85 ? "zh" : zhShare <= 0.15 ? "en" : "mixed";
        }
    }

    /// <summary>Counts the characters of <paramref name="text"/>.</summary>
    public static TextStatistics Of(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int nonSpace = 0, han = 0, latin = 0, replacement = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (Rune.IsWhiteSpace(rune))
            {
                continue;
            }
            nonSpace++;
            var c = rune.Value;
            if (TextNormalizer.IsHan(c))
            {
                han++;
            }
            else if ((c < 0x250 && Rune.IsLetter(rune)))
            {
                latin++;
            }
            else if (c == 0xFFFD || (c >= 0xE000 && c <= 0xF8FF) || c >= 0xF0000)
            {
                replacement++;
            }
        }
        return new TextStatistics(nonSpace, han, latin, replacement);
    }
}
