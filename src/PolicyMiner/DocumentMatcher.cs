using System.Globalization;

namespace PolicyMiner;

/// <summary>What a document can be recognised by in a coded or labeled file.</summary>
/// <param name="DocId">The user-facing id.</param>
/// <param name="Path">Source path (as extracted or read), or null.</param>
/// <param name="Sha256">Content hash (hex), or null.</param>
public sealed record DocumentKey(string DocId, string? Path, string? Sha256);

/// <summary>The outcome of matching a file's key values to documents.</summary>
/// <param name="DocIdOfKey">key value → doc_id of the document it identifies (matched keys only).</param>
/// <param name="Unmatched">Key values that identify no document, or several (ambiguous), in file order.</param>
/// <param name="ByRule">How many keys each rule matched (doc_id, sha256, path, file name, file stem).</param>
/// <param name="Rows">Key values looked up.</param>
public sealed record DocumentMatch(
    IReadOnlyDictionary<string, string> DocIdOfKey, IReadOnlyList<string> Unmatched,
    IReadOnlyDictionary<string, int> ByRule, int Rows)
{
    /// <summary>One line for the user: "matched 98 of 100 rows (doc_id 90, file name 8); 2 unmatched, e.g. …".</summary>
    public string Summary(string source, string keyColumn) => Summary(source, keyColumn, DocIdOfKey.Count, Rows, ByRule, Unmatched);

    /// <summary>The same line from counts (export's streaming join keeps counts, not the map).</summary>
    internal static string Summary(string source, string keyColumn, int matched, int rows, IEnumerable<KeyValuePair<string, int>> byRule, IReadOnlyList<string> unmatched)
    {
        var how = string.Join(", ", byRule.Where(kv => kv.Value > 0).Select(kv => $"{kv.Key} {kv.Value.ToString(CultureInfo.InvariantCulture)}"));
        var line = $"{source}: {matched} of {rows} rows matched a document by {keyColumn}" + (how.Length > 0 ? $" ({how})" : "");
        return unmatched.Count == 0 ? line
            : line + $"; {unmatched.Count} unmatched, e.g. {string.Join(", ", unmatched.Take(5).Select(u => "'" + u + "'"))}";
    }
}

/// <summary>
/// Joins key values of coded/labeled files to documents (DESIGN.md "One document identity"): a value matches a
/// document when it equals its doc_id, its content hash (the full SHA-256 or a prefix of at least 12 hex digits, as the
/// older 16-digit ids), its path (or the end of it: <c>new/R0101.txt</c>), its file name, or its file name without
/// extension — the first of those rules under which exactly one document has that value. Used by train, evaluate,
/// export and next, so codes keyed in any of these ways reach the same document.
/// </summary>
public static class DocumentMatcher
{
    private const int MinHashPrefix = 12;
    private static readonly string[] Rules = ["doc_id", "sha256", "path", "file name", "file stem"];

    /// <summary>Matches every key value (duplicates are looked up once).</summary>
    public static DocumentMatch Match(IReadOnlyList<DocumentKey> documents, IEnumerable<string> keys)
    {
        ArgumentNullException.ThrowIfNull(documents);
        ArgumentNullException.ThrowIfNull(keys);
        var byId = Index(documents, d => [d.DocId]);
        var byPath = Index(documents, d => d.Path is null ? [] : [Normalize(d.Path)]);
        var byName = Index(documents, d => d.Path is null ? [] : [System.IO.Path.GetFileName(Normalize(d.Path))]);
        var byStem = Index(documents, d => d.Path is null ? [] : [System.IO.Path.GetFileNameWithoutExtension(Normalize(d.Path))]);
        var hashes = documents.Where(d => d.Sha256 is { Length: > 0 }).ToList();
        var paths = documents.Where(d => d.Path is not null).Select(d => (Doc: d, Path: Normalize(d.Path!))).ToList();
        var rules = Rules.ToDictionary(r => r, _ => 0, StringComparer.Ordinal);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var unmatched = new List<string>();
        var rows = 0;
        foreach (var raw in keys)
        {
            var key = raw.Trim();
            if (result.ContainsKey(key) || unmatched.Contains(key, StringComparer.Ordinal))
            {
                continue;
            }
            rows++;
            var norm = Normalize(key);
            string? hit = null;
            string? rule = null;
            if (Unique(byId, key) is { } a)
            {
                (hit, rule) = (a, "doc_id");
            }
            else if (IsHex(key) && key.Length >= MinHashPrefix && Single(hashes.Where(d => d.Sha256!.StartsWith(key, StringComparison.OrdinalIgnoreCase))) is { } b)
            {
                (hit, rule) = (b, "sha256");
            }
            else if (Unique(byPath, norm) is { } c)
            {
                (hit, rule) = (c, "path");
            }
            else if (norm.Contains('/', StringComparison.Ordinal)
                     && Single(paths.Where(p => p.Path.EndsWith("/" + norm, StringComparison.Ordinal)).Select(p => p.Doc)) is { } s)
            {
                (hit, rule) = (s, "path");
            }
            else if (Unique(byName, System.IO.Path.GetFileName(norm)) is { } e && System.IO.Path.GetFileName(norm) == norm)
            {
                (hit, rule) = (e, "file name");
            }
            else if (Unique(byStem, norm) is { } f)
            {
                (hit, rule) = (f, "file stem");
            }
            if (hit is null)
            {
                unmatched.Add(key);
                continue;
            }
            result[key] = hit;
            rules[rule!]++;
        }
        return new DocumentMatch(result, unmatched, rules, rows);
    }

    /// <summary>Normalises a path for comparison: '/' separators, no leading "./".</summary>
    public static string Normalize(string path)
    {
        var p = path.Trim().Replace('\\', '/');
        while (p.StartsWith("./", StringComparison.Ordinal))
        {
            p = p[2..];
        }
        return p;
    }

    private static Dictionary<string, List<string>> Index(IReadOnlyList<DocumentKey> documents, Func<DocumentKey, string[]> values)
    {
        var index = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var d in documents)
        {
            foreach (var v in values(d))
            {
                if (v.Length == 0)
                {
                    continue;
                }
                if (!index.TryGetValue(v, out var list))
                {
                    index[v] = list = [];
                }
                if (!list.Contains(d.DocId, StringComparer.Ordinal))
                {
                    list.Add(d.DocId);
                }
            }
        }
        return index;
    }

    private static string? Unique(Dictionary<string, List<string>> index, string key) =>
        index.TryGetValue(key, out var list) && list.Count == 1 ? list[0] : null;

    private static string? Single(IEnumerable<DocumentKey> docs)
    {
        var ids = docs.Select(d => d.DocId).Distinct(StringComparer.Ordinal).Take(2).ToList();
        return ids.Count == 1 ? ids[0] : null;
    }

    private static bool IsHex(string s) => s.All(char.IsAsciiHexDigit);
}
