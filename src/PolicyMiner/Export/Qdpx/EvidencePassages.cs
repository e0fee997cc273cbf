using System.Globalization;
using PolicyMiner.Classification;

namespace PolicyMiner.Export.Qdpx;

/// <summary>A span of a document's text (UTF-16 indices, end exclusive) and the evidence terms found in it.</summary>
/// <param name="Start">First character.</param>
/// <param name="End">One past the last character.</param>
/// <param name="Terms">The evidence terms inside the span.</param>
public sealed record Passage(int Start, int End, IReadOnlyList<string> Terms);

/// <summary>
/// Turns the evidence of a machine code (classify's <c>T_evidence</c> cell, see <see cref="EvidenceText"/>) into
/// passages of the document: the sentence around each occurrence of a term that pushed towards the label, so a coder
/// in a QDA tool sees where the decision came from instead of a whole-document code.
/// </summary>
public static class EvidencePassages
{
    /// <summary>Evidence terms used per label (the strongest first).</summary>
    public const int MaxTerms = 5;

    /// <summary>Passages per label at most (the earliest in the text).</summary>
    public const int MaxPassages = 5;

    /// <summary>A passage longer than this (a sentence without stops, a table) is cut to a window around the term.</summary>
    public const int MaxPassageLength = 300;

    private const int Window = 100;

    /// <summary>
    /// Parses an evidence cell into label → terms with a positive contribution, strongest first. Cells name their
    /// label (<c>agriculture: 耕地 +0.412 | ecological: …</c>) when they cover several labels or one not predicted;
    /// otherwise the terms belong to the only predicted label (with several predicted labels and no names the
    /// terms cannot be attributed and are dropped).
    /// </summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Parse(string? cell, CodebookTask task, IReadOnlyList<string> predicted)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(predicted);
        var result = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(cell))
        {
            return result;
        }
        foreach (var group in cell.Split(" | ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var body = group;
            string? label = null;
            var colon = group.IndexOf(": ", StringComparison.Ordinal);
            if (colon > 0 && task.Resolve(group[..colon]) is { } named)
            {
                label = named.Code;
                body = group[(colon + 2)..];
            }
            else if (predicted.Count == 1)
            {
                label = predicted[0];
            }
            if (label is null)
            {
                continue;
            }
            var terms = new List<(string Term, double Weight)>();
            foreach (var item in body.Split("; ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var space = item.LastIndexOf(' ');
                if (space > 0 && double.TryParse(item[(space + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var w) && w > 0)
                {
                    terms.Add((item[..space].Trim(), w));
                }
            }
            result[label] = terms.OrderByDescending(t => t.Weight).Select(t => t.Term).Distinct(StringComparer.Ordinal).Take(MaxTerms).ToList();
        }
        return result;
    }

    /// <summary>
    /// The passages of <paramref name="text"/> holding the terms: each occurrence grown to its sentence (ended by
    /// 。！？；!? or a line break), overlapping sentences merged, the first <see cref="MaxPassages"/> in text order.
    /// Empty when no term occurs (the caller then codes the whole document).
    /// </summary>
    public static IReadOnlyList<Passage> Find(string text, IReadOnlyList<string> terms)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(terms);
        var spans = new List<(int Start, int End, string Term)>();
        foreach (var term in terms)
        {
            var needle = AsInText(term);
            if (needle.Length == 0)
            {
                continue;
            }
            var found = 0;
            for (var at = text.IndexOf(needle, StringComparison.Ordinal); at >= 0 && found < MaxPassages; at = text.IndexOf(needle, at + needle.Length, StringComparison.Ordinal))
            {
                var (s, e) = Sentence(text, at, at + needle.Length);
                spans.Add((s, e, term));
                found++;
            }
        }
        var merged = new List<(int Start, int End, List<string> Terms)>();
        foreach (var span in spans.OrderBy(s => s.Start).ThenBy(s => s.End))
        {
            if (merged.Count > 0 && span.Start < merged[^1].End)
            {
                var last = merged[^1];
                if (!last.Terms.Contains(span.Term, StringComparer.Ordinal))
                {
                    last.Terms.Add(span.Term);
                }
                merged[^1] = (last.Start, Math.Max(last.End, span.End), last.Terms);
                continue;
            }
            merged.Add((span.Start, span.End, [span.Term]));
        }
        return merged.Take(MaxPassages).Select(m => new Passage(m.Start, m.End, m.Terms)).ToList();
    }

    /// <summary>How a term stands in the text: the parts of a word bigram (<c>耕地 保护</c>) are joined without the
    /// space when both sides are Han (Chinese is written without spaces), kept with it otherwise.</summary>
    internal static string AsInText(string term)
    {
        var parts = term.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length <= 1)
        {
            return term.Trim();
        }
        var joined = parts[0];
        for (var i = 1; i < parts.Length; i++)
        {
            joined += IsHan(joined[^1]) && IsHan(parts[i][0]) ? parts[i] : " " + parts[i];
        }
        return joined;
    }

    private static bool IsHan(char c) => c is >= '\u3400' and <= '\u9FFF' or >= '\uF900' and <= '\uFAFF';

    private static bool IsStop(char c) => c is '。' or '！' or '？' or '；' or '!' or '?' or '\n';

    private static (int Start, int End) Sentence(string text, int start, int end)
    {
        var s = start;
        while (s > 0 && !IsStop(text[s - 1]))
        {
            s--;
        }
        var e = end;
        while (e < text.Length && !IsStop(text[e]))
        {
            e++;
        }
        if (e < text.Length && text[e] != '\n')
        {
            e++; // keep the full stop with its sentence
        }
        while (s < start && char.IsWhiteSpace(text[s]))
        {
            s++;
        }
        if (e - s > MaxPassageLength)
        {
            s = Math.Max(s, start - Window);
            e = Math.Min(e, end + Window);
        }
        // Never cut a surrogate pair (positions are counted in Unicode characters).
        if (s > 0 && char.IsLowSurrogate(text[s]))
        {
            s--;
        }
        if (e < text.Length && char.IsLowSurrogate(text[e]))
        {
            e++;
        }
        return (s, e);
    }
}
