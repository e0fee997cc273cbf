using System.Text;

namespace PolicyMiner.Extraction.Pdf;

/// <summary>
/// Joins visual lines into paragraphs (one per '\n'), across page breaks too. A wrapped line is joined to the next
/// with no separator when either side is CJK, with a space between Latin words, and a hyphen at the end of a
/// Latin word is removed when a lower-case letter follows. A paragraph ends where
/// the line is short (headings, last lines), where the next line is indented, or where the font size changes.
/// Measured recipe: ../shared/notes/mlnet-pdfpig.md B2 step 4.
/// </summary>
internal static class ParagraphJoiner
{
    /// <summary>Joins the lines of all pages into text with paragraphs separated by '\n'.</summary>
    public static string Join(IReadOnlyList<PageLines> pages)
    {
        ArgumentNullException.ThrowIfNull(pages);
        var sb = new StringBuilder();
        TextLine? prev = null;
        var prevColumnRight = 0.0;
        foreach (var page in pages)
        {
            var lines = page.Lines;
            if (lines.Count == 0)
            {
                continue;
            }
            var (rights, lefts) = ColumnEdges(lines);
            for (var i = 0; i < lines.Count; i++)
            {
                var line = lines[i];
                if (line.Text.Length == 0)
                {
                    continue;
                }
                if (prev is not null)
                {
                    var indented = line.Left > lefts[i] + (1.5 * line.FontSize);
                    AppendSeparator(sb, prev, line, IsShort(prev, prevColumnRight, line), indented);
                }
                sb.Append(line.Text);
                prev = line;
                prevColumnRight = rights[i];
            }
        }
        return sb.ToString();
    }

    /// <summary>
    /// A line is short (ends its paragraph) when the room left before its column's right edge is wider than
    /// 1.5 em — for CJK, where any character could have gone on — or, before a Latin word, wider than that word
    /// plus a space (ragged-right English text leaves gaps smaller than the next word).
    /// </summary>
    private static bool IsShort(TextLine prev, double columnRight, TextLine next)
    {
        var room = columnRight - prev.Right;
        var needed = 1.5 * prev.FontSize;
        if (!CjkText.IsCjk(next.Text[0]))
        {
            var wordChars = 0;
            while (wordChars < next.Text.Length && next.Text[wordChars] != ' ' && !CjkText.IsCjk(next.Text[wordChars]))
            {
                wordChars++;
            }
            var charWidth = next.Width / Math.Max(1, next.Text.Length);
            needed = Math.Max(needed, (wordChars + 1) * charWidth);
        }
        return room > needed;
    }

    private static void AppendSeparator(StringBuilder sb, TextLine prev, TextLine next, bool prevShort, bool indented)
    {
        var last = prev.Text[^1];
        var first = next.Text[0];
        var lastCjk = CjkText.IsCjk(last);
        var firstCjk = CjkText.IsCjk(first);
        var sizeChange = Math.Abs(prev.FontSize - next.FontSize) > 0.15 * Math.Max(prev.FontSize, next.FontSize);
        if (prevShort || indented || sizeChange)
        {
            sb.Append('\n');
            return;
        }
        if (lastCjk || firstCjk)
        {
            // A wrap inside a Chinese paragraph: no separator.
            return;
        }
        if (last == '-' && prev.Text.Length >= 2 && char.IsLetter(prev.Text[^2]) && char.IsLower(first))
        {
            sb.Length--; // hyphenation: "regu-" + "lation" → "regulation"
            return;
        }
        if (!char.IsWhiteSpace(last) && !char.IsWhiteSpace(first))
        {
            sb.Append(' ');
        }
    }

    /// <summary>
    /// For each line, the right and left edges of the column it belongs to: the most common right/left edge
    /// (within one em) among the lines that overlap it horizontally. Works for one or more columns and for
    /// centred headings (whose column is the body text under them).
    /// </summary>
    internal static (double[] Rights, double[] Lefts) ColumnEdges(IReadOnlyList<TextLine> lines)
    {
        var n = lines.Count;
        var rights = new double[n];
        var lefts = new double[n];
        if (n > 600)
        {
            // Pathological pages (tables of thousands of cells): use the page extremes.
            var maxRight = lines.Max(l => l.Right);
            var minLeft = lines.Min(l => l.Left);
            Array.Fill(rights, maxRight);
            Array.Fill(lefts, minLeft);
            return (rights, lefts);
        }
        var buffer = new List<TextLine>(n);
        // Lines wide enough to define a column, in page order (the same lines the scan below tested one by one).
        var wide = new List<int>(n);
        for (var j = 0; j < n; j++)
        {
            if (lines[j].Width >= 4 * lines[j].FontSize)
            {
                wide.Add(j);
            }
        }
        // The edges depend only on a line's left, right and size; the lines of a justified column share all three
        // (to a hundredth of a point: justification leaves rounding noise), so each distinct triple is computed once.
        var known = new Dictionary<(double, double, double), (double Right, double Left)>();
        // Ragged (English) lines all differ, but the lines of one column overlap the same wide lines: the sorts behind
        // the edges run once per (set of overlapping lines, em). On the three-column Federal Register the sorts were
        // most of the paragraph step, itself a fifth of the PDF read.
        var bySet = new Dictionary<(ulong Hash, int Count, double Em), (int[] Members, double Right, double Left)>();
        var members = new List<int>(n);
        for (var i = 0; i < n; i++)
        {
            var line = lines[i];
            var key = (Math.Round(line.Left, 2), Math.Round(line.Right, 2), Math.Round(line.FontSize, 2));
            if (known.TryGetValue(key, out var edges))
            {
                (rights[i], lefts[i]) = edges;
                continue;
            }
            members.Clear();
            var hash = 14695981039346656037UL; // FNV-1a over the member indices
            foreach (var j in wide)
            {
                var other = lines[j];
                if (other.Left < line.Right && other.Right > line.Left)
                {
                    members.Add(j);
                    hash = (hash ^ (uint)j) * 1099511628211UL;
                }
            }
            var em = Math.Max(line.FontSize, 1);
            // An empty set means "the line alone": its own edges, never shared.
            if (members.Count > 0 && bySet.TryGetValue((hash, members.Count, em), out var set)
                && set.Members.AsSpan().SequenceEqual(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(members)))
            {
                (rights[i], lefts[i]) = (set.Right, set.Left);
                known[key] = (rights[i], lefts[i]);
                continue;
            }
            buffer.Clear();
            foreach (var j in members)
            {
                buffer.Add(lines[j]);
            }
            if (buffer.Count == 0)
            {
                buffer.Add(line);
            }
            rights[i] = Mode(buffer, l => l.Right, em);
            lefts[i] = LowestFrequent(buffer, em);
            known[key] = (rights[i], lefts[i]);
            if (members.Count > 0)
            {
                bySet[(hash, members.Count, em)] = (members.ToArray(), rights[i], lefts[i]);
            }
        }
        return (rights, lefts);
    }

    /// <summary>
    /// The column's left margin: the lowest left edge shared by several lines (first-line indents are more
    /// frequent than the margin in text with many short paragraphs, so the most common edge is not it).
    /// </summary>
    private static double LowestFrequent(List<TextLine> lines, double tolerance)
    {
        var values = new double[lines.Count];
        for (var k = 0; k < values.Length; k++)
        {
            values[k] = lines[k].Left;
        }
        Array.Sort(values);
        var counts = new int[values.Length];
        var max = 0;
        for (int k = 0, lo = 0, hi = 0; k < values.Length; k++)
        {
            while (values[k] - values[lo] > tolerance)
            {
                lo++;
            }
            while (hi < values.Length && values[hi] - values[k] <= tolerance)
            {
                hi++;
            }
            counts[k] = hi - lo;
            max = Math.Max(max, counts[k]);
        }
        var needed = Math.Max(2, (int)Math.Ceiling(0.2 * max));
        for (var k = 0; k < values.Length; k++)
        {
            if (counts[k] >= needed)
            {
                return values[k];
            }
        }
        return values[0];
    }

    private static double Mode(List<TextLine> lines, Func<TextLine, double> edge, double tolerance)
    {
        // Sliding window over the sorted edges: the value with the most neighbours within the tolerance.
        var values = new double[lines.Count];
        for (var k = 0; k < values.Length; k++)
        {
            values[k] = edge(lines[k]);
        }
        Array.Sort(values);
        var best = values[0];
        var bestCount = 0;
        int lo = 0, hi = 0;
        for (var k = 0; k < values.Length; k++)
        {
            while (values[k] - values[lo] > tolerance)
            {
                lo++;
            }
            while (hi < values.Length && values[hi] - values[k] <= tolerance)
            {
                hi++;
            }
            var count = hi - lo;
            if (count >= bestCount)
            {
                best = values[k];
                bestCount = count;
            }
        }
        return best;
    }
}
