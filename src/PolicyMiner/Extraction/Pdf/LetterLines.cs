using System.Text;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;

namespace PolicyMiner.Extraction.Pdf;

/// <summary>
/// Builds visual lines from a page's glyphs (<see cref="GlyphPage"/>) in content-stream order ("contentorder-cjk",
/// ../shared/notes/mlnet-pdfpig.md B2 steps 1–2): a new line starts when the baseline moves by more than half a
/// point size or x jumps back by more than two; inside a line a space goes only between two non-CJK glyphs on a
/// gap (or an explicit space glyph), and U+3000 between CJK glyphs only on a wide gap (&gt; 0.6 em), which keeps
/// <c>第一条　…</c>. Glyphs drawn twice at (almost) the same place (fake bold) are kept once.
/// Pages whose text mostly runs in another direction are turned into a horizontal reading frame first.
/// </summary>
internal static class LetterLines
{
    /// <summary>Letter statistics of one page, for garbled-text detection.</summary>
    /// <param name="Glyphs">Non-space glyphs.</param>
    /// <param name="Garbled">Glyphs that are U+FFFD, private use, controls, or from a font without a Unicode map.</param>
    internal readonly record struct GlyphCounts(int Glyphs, int Garbled);

    /// <summary>Builds the lines of a page. <paramref name="map"/> maps glyphs of broken fonts (may be null).</summary>
    public static PageLines Build(Page page, int number, FontRepair? map, out GlyphCounts counts) =>
        Build(Glyph.FromLetters(page.Letters), page.CropBox.Bounds, number, map, out counts);

    /// <summary>Builds the lines of a page read by <see cref="GlyphPageFactory"/>.</summary>
    public static PageLines Build(GlyphPage page, FontRepair? map, out GlyphCounts counts) =>
        Build(page.Glyphs, page.CropBox, page.Number, map, out counts);

    /// <summary>Builds lines from glyphs in content-stream order inside the page box <paramref name="box"/>.</summary>
    public static PageLines Build(IReadOnlyList<Glyph> letters, PdfRectangle box, int number, FontRepair? map, out GlyphCounts counts)
    {
        var frame = DominantOrientation(letters);
        var (x0, y0) = ToFrame(frame, box.Left, box.Bottom);
        var (x1, y1) = ToFrame(frame, box.Right, box.Top);

        var lines = new List<TextLine>();
        var sb = new StringBuilder();
        var glyphs = 0;
        var garbled = 0;
        var lineLeft = 0.0;
        var lineRight = 0.0;
        var lineBase = 0.0;
        var lineSize = 0.0;
        var lastEnd = 0.0;
        var lastChar = '\0';
        var pendingSpace = false;
        var inLine = false;
        // (rounded x, rounded y) packed into a long. Not the default long hash: it is x ^ y, so every cell of a page
        // (coordinates < 1024) fell into ≤ 1,024 buckets and the 9 look-ups per glyph walked long chains (10 % of the
        // whole read of the Federal Register, dotnet-trace).
        var recent = new Dictionary<long, string>(letters.Count, CellComparer.Instance);

        foreach (var letter in letters)
        {
            var value = letter.Value;
            if (string.IsNullOrEmpty(value))
            {
                continue;
            }
            var unmappable = map is not null && map.IsUnmappable(letter.FontName);
            if (unmappable)
            {
                value = "\uFFFD"; // the raw character code would masquerade as a real character
            }
            else if (map is not null && map.TryMap(letter.FontName, value, out var mapped))
            {
                value = mapped;
            }
            var (bx, by) = ToFrame(frame, letter.StartX, letter.StartY);
            var (ex, _) = ToFrame(frame, letter.EndX, letter.EndY);
            if (ex < bx)
            {
                ex = bx + Math.Abs(letter.Width);
            }
            // Without a usable point size, the advance width is the best size estimate a glyph gives.
            var size = letter.PointSize > 0.5 ? letter.PointSize : Math.Max(Math.Abs(letter.Width), 1);

            if (string.IsNullOrWhiteSpace(value))
            {
                pendingSpace = inLine;
                continue;
            }

            // Fake bold / shadow: the same glyph drawn again within a third of a point size.
            var key = ((int)Math.Round(bx), (int)Math.Round(by));
            if (IsDuplicate(recent, key, value))
            {
                continue;
            }
            recent[Cell(key.Item1, key.Item2)] = value;

            glyphs++;
            foreach (var ch in value)
            {
                if (CjkText.IsGarbage(ch))
                {
                    garbled++;
                    break;
                }
            }

            if (inLine && (Math.Abs(by - lineBase) > 0.5 * Math.Max(size, lineSize * 0.5) || bx < lastEnd - (2 * size)))
            {
                lines.Add(new TextLine(sb.ToString(), lineLeft, lineRight, lineBase, lineSize));
                sb.Clear();
                inLine = false;
            }

            var first = value[0];
            if (!inLine)
            {
                inLine = true;
                lineLeft = bx;
                lineBase = by;
                lineSize = size;
                lineRight = double.MinValue;
            }
            else
            {
                var gap = bx - lastEnd;
                var cjkPrev = CjkText.IsCjk(lastChar);
                var cjkNext = CjkText.IsCjk(first);
                if (cjkPrev && cjkNext)
                {
                    if (gap > 0.6 * size)
                    {
                        sb.Append('\u3000');
                    }
                }
                else if (!cjkPrev && !cjkNext)
                {
                    if (pendingSpace || gap > 0.2 * size)
                    {
                        sb.Append(' ');
                    }
                }
                else if (pendingSpace ? gap > 0.15 * size : gap > 0.6 * size)
                {
                    sb.Append(' ');
                }
                lineSize = Math.Max(lineSize, size);
            }
            sb.Append(value);
            lastChar = value[^1];
            lastEnd = Math.Max(ex, bx);
            lineRight = Math.Max(lineRight, lastEnd);
            pendingSpace = false;
        }
        if (inLine && sb.Length > 0)
        {
            lines.Add(new TextLine(sb.ToString(), lineLeft, lineRight, lineBase, lineSize));
        }
        counts = new GlyphCounts(glyphs, garbled);
        return new PageLines(number, lines, Math.Min(y0, y1), Math.Max(y0, y1));
    }

    private static long Cell(int x, int y) => ((long)x << 32) | (uint)y;

    /// <summary>Equality of packed cells with a hash that mixes both halves (Fibonacci hashing, Knuth TAOCP 6.4).</summary>
    private sealed class CellComparer : IEqualityComparer<long>
    {
        public static readonly CellComparer Instance = new();

        public bool Equals(long x, long y) => x == y;

        public int GetHashCode(long obj) => (int)(((ulong)obj * 0x9E3779B97F4A7C15UL) >> 32);
    }

    private static bool IsDuplicate(Dictionary<long, string> recent, (int X, int Y) key, string value)
    {
        for (var dx = -1; dx <= 1; dx++)
        {
            for (var dy = -1; dy <= 1; dy++)
            {
                if (recent.TryGetValue(Cell(key.X + dx, key.Y + dy), out var other) && string.Equals(other, value, StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }
        return false;
    }

    private static TextOrientation DominantOrientation(IReadOnlyList<Glyph> letters)
    {
        int h = 0, r90 = 0, r180 = 0, r270 = 0;
        var step = Math.Max(1, letters.Count / 200);
        for (var i = 0; i < letters.Count; i += step)
        {
            switch (letters[i].Orientation)
            {
                case TextOrientation.Rotate90: r90++; break;
                case TextOrientation.Rotate180: r180++; break;
                case TextOrientation.Rotate270: r270++; break;
                default: h++; break;
            }
        }
        var max = Math.Max(Math.Max(h, r90), Math.Max(r180, r270));
        return max == h ? TextOrientation.Horizontal
            : max == r90 ? TextOrientation.Rotate90
            : max == r180 ? TextOrientation.Rotate180
            : TextOrientation.Rotate270;
    }

    /// <summary>Rotates page coordinates so that text of the given orientation runs left to right, bottom up.</summary>
    private static (double X, double Y) ToFrame(TextOrientation frame, double x, double y) => frame switch
    {
        TextOrientation.Rotate90 => (y, -x),
        TextOrientation.Rotate180 => (-x, -y),
        TextOrientation.Rotate270 => (-y, x),
        _ => (x, y),
    };
}
