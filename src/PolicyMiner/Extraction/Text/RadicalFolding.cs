using System.Globalization;
using System.IO.Compression;
using System.Text;

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
}
