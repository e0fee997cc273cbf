using System.Text;
using System.Text.RegularExpressions;

namespace PolicyMiner.Extraction.Pdf;

/// <summary>
/// Removes running headers, footers and page numbers: a line whose centre lies in the top or bottom 10 % of the
/// page is dropped when its digit-normalised text repeats on at least half of the pages (at least 2), or when it
/// looks like a page number (<c>— 3 —</c>, <c>- 3 -</c>, <c>第3页</c>, <c>第 3 页 共 10 页</c>, <c>3/10</c>, <c>Page 3</c>, <c>3</c>).
/// Measured recipe: ../shared/notes/mlnet-pdfpig.md B2 step 3.
/// </summary>
internal static partial class PageDecorations
{
    /// <summary>Share of the page height at the top and at the bottom where headers and footers live.</summary>
    public const double BandShare = 0.10;

    /// <summary>Returns the pages with header/footer/page-number lines removed.</summary>
    public static IReadOnlyList<PageLines> Remove(IReadOnlyList<PageLines> pages)
    {
        ArgumentNullException.ThrowIfNull(pages);
        var textPages = pages.Count(p => p.Lines.Count > 0);

        // Count on how many pages each digit-normalised band line occurs.
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var page in pages)
        {
            seen.Clear();
            foreach (var line in page.Lines)
            {
                if (InBand(page, line) && seen.Add(Key(line.Text)))
                {
                    counts[Key(line.Text)] = counts.GetValueOrDefault(Key(line.Text)) + 1;
                }
            }
        }
        var minRepeats = Math.Max(2, (textPages + 1) / 2);

        var result = new List<PageLines>(pages.Count);
        foreach (var page in pages)
        {
            var kept = new List<TextLine>(page.Lines.Count);
            foreach (var line in page.Lines)
            {
                if (InBand(page, line)
                    && (IsPageNumber(line.Text) || counts.GetValueOrDefault(Key(line.Text)) >= minRepeats))
                {
                    continue;
                }
                kept.Add(line);
            }
            result.Add(page with { Lines = kept });
        }
        return result;
    }

    /// <summary>True when the line's centre is in the top or bottom band of its page.</summary>
    public static bool InBand(PageLines page, TextLine line)
    {
        var centre = line.Baseline + (line.FontSize * 0.35);
        var band = page.Height * BandShare;
        return centre >= page.Top - band || centre <= page.Bottom + band;
    }

    /// <summary>True for a line that is only a page number in one of the usual forms.</summary>
    public static bool IsPageNumber(string text) => PageNumberPattern().IsMatch(text.Trim());

    /// <summary>Line text with whitespace removed and digit runs replaced by '#'.</summary>
    public static string Key(string text)
    {
        var sb = new StringBuilder(text.Length);
        var inDigits = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                continue;
            }
            if (char.IsAsciiDigit(c) || c is (>= '０' and <= '９'))
            {
                if (!inDigits)
                {
                    sb.Append('#');
                }
                inDigits = true;
                continue;
            }
            inDigits = false;
            sb.Append(c);
        }
        return sb.ToString();
    }

    [GeneratedRegex(
        @"^(?:[-–—―─－·•\s]*\d{1,4}[-–—―─－·•\s]*|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4}|(?:Page|PAGE|p\.)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?|[-–—]?\s*[ivxlcIVXLC]{1,6}\s*[-–—]?)$",
        RegexOptions.CultureInvariant)]
    private static partial Regex PageNumberPattern();
}
