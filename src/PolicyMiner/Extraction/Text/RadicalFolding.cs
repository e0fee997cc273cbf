using System.Globalization;
using System.IO.Compression;
using System.Text;
using PolicyMiner.Extraction.Chinese;

namespace PolicyMiner.Extraction.Text;

/// <summary>
/// Code points that stand in for another character in extracted text, and the character they stand for.
/// CJK Radicals Supplement (U+2E80–2EFF) and Kangxi Radicals (U+2F00–2FDF) follow Unicode's
/// <c>Equivalent_Unified_Ideograph</c> property (UCD <c>EquivalentUnifiedIdeograph.txt</c>, Data/SOURCE.md):
/// PDF writers that invert a CJK font's cmap (Chromium/Skia, some Word drivers) pick the radical code point when a
/// radical and an ideograph share one glyph, so 民 arrives as ⺠ (U+2EA0) and 长 as ⻓ (U+2ED3). NFKC only folds the
/// Kangxi block and two of the supplement's 115 radicals, hence the table. The deprecated angle brackets
/// U+2329/U+232A become 〈〉 (their canonical decompositions, U+3008/U+3009).
/// </summary>
internal static class RadicalFolding
{
    private static readonly Lazy<Dictionary<int, int>> LazyTable = new(Load);
    private static readonly Lazy<ScriptSets> LazyScripts = new(BuildScriptSets);

    /// <summary>The folding table: code point → code point (radicals and the two angle brackets).</summary>
    public static IReadOnlyDictionary<int, int> Table => LazyTable.Value;

    /// <summary>True when <paramref name="c"/> lies in a block this table covers (a cheap pre-check).</summary>
    public static bool InRange(int c) => c is (>= 0x2E80 and <= 0x2FDF) or 0x2329 or 0x232A;

    /// <summary>The character <paramref name="c"/> stands for, or false when it stands for itself.</summary>
    public static bool TryFold(int c, out int folded)
    {
        folded = c;
        return InRange(c) && LazyTable.Value.TryGetValue(c, out folded);
    }

    /// <summary>
    /// Decides, from the rest of the text, which variant a folded radical stands for. The radical blocks hold the
    /// Kangxi dictionary's (traditional) shapes, but a Simplified Chinese font draws e.g. ⼾ U+2F3E like 户, and a
    /// PDF writer that inverts that font's cmap sends the 户 glyph to U+2F3E, whose Unicode equivalent is 戶 (U+6236).
    /// A Type 3 font has no cmap to ask, so the evidence is the document's own writing: when its other characters
    /// are clearly Simplified (OpenCC t2s: characters that are only Simplified outnumber those that are only
    /// Traditional four to one, at least three of them), a folded radical whose equivalent has a Simplified form
    /// (OpenCC TSCharacters) takes that form. Text in Traditional characters, or with too little evidence, keeps
    /// Unicode's equivalent. Returns how many characters were changed.
    /// </summary>
    public static int ResolveVariants(StringBuilder text, List<int> foldedPositions)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(foldedPositions);
        var sets = LazyScripts.Value;
        var candidates = foldedPositions.Where(i => sets.ToSimplified.ContainsKey(text[i])).ToList();
        if (candidates.Count == 0)
        {
            return 0;
        }
        var skip = new HashSet<int>(foldedPositions);
        int simplifiedOnly = 0, traditionalOnly = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (skip.Contains(i))
            {
                continue;
            }
            var c = text[i];
            if (sets.SimplifiedOnly.Contains(c))
            {
                simplifiedOnly++;
            }
            else if (sets.TraditionalOnly.Contains(c))
            {
                traditionalOnly++;
            }
        }
        if (simplifiedOnly < 3 || simplifiedOnly < 4 * traditionalOnly)
        {
            return 0;
        }
        foreach (var i in candidates)
        {
            text[i] = sets.ToSimplified[text[i]];
        }
        return candidates.Count;
    }

    private static ScriptSets BuildScriptSets()
    {
        var toSimplified = new Dictionary<char, char>();
        foreach (var (traditional, simplified) in ChineseConverter.TraditionalToSimplified.Characters)
        {
            if (traditional.Length == 1 && simplified.Length == 1 && traditional[0] != simplified[0])
            {
                toSimplified[traditional[0]] = simplified[0];
            }
        }
        var simplifiedValues = new HashSet<char>(toSimplified.Values);
        var traditionalOnly = new HashSet<char>(toSimplified.Keys.Where(c => !simplifiedValues.Contains(c)));
        var simplifiedOnly = new HashSet<char>(simplifiedValues.Where(c => !toSimplified.ContainsKey(c)));
        return new ScriptSets(toSimplified, simplifiedOnly, traditionalOnly);
    }

    private static Dictionary<int, int> Load()
    {
        var table = new Dictionary<int, int> { [0x2329] = 0x3008, [0x232A] = 0x3009 };
        const string name = "PolicyMiner.Extraction.Text.EquivalentUnifiedIdeograph.txt.gz";
        using var stream = typeof(RadicalFolding).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"embedded resource {name} is missing from this build of PolicyMiner; rebuild it.");
        using var gzip = new GZipStream(stream, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, Encoding.UTF8);
        while (reader.ReadLine() is { } line)
        {
            // "2EBE..2EC0 ; 8279  # [3] CJK RADICAL GRASS ONE..CJK RADICAL GRASS THREE"
            var hash = line.IndexOf('#', StringComparison.Ordinal);
            var data = (hash < 0 ? line : line[..hash]).Trim();
            if (data.Length == 0)
            {
                continue;
            }
            var fields = data.Split(';', StringSplitOptions.TrimEntries);
            var range = fields[0].Split("..", StringSplitOptions.None);
            var first = int.Parse(range[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            var last = range.Length > 1 ? int.Parse(range[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture) : first;
            var target = int.Parse(fields[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            for (var c = first; c <= last; c++)
            {
                // Radical blocks only: CJK strokes (U+31C0–31EF) are written on purpose and stay as they are.
                if (c is >= 0x2E80 and <= 0x2FDF)
                {
                    table[c] = target;
                }
            }
        }
        return table;
    }

    private sealed record ScriptSets(Dictionary<char, char> ToSimplified, HashSet<char> SimplifiedOnly, HashSet<char> TraditionalOnly);
}
