using System.Security.Cryptography;
using System.Text;

namespace PolicyMiner;

/// <summary>A file found in the inputs of a stage, with the document id it gets.</summary>
/// <param name="Path">The path as found (relative paths stay relative).</param>
/// <param name="Relative">The path relative to the input root it was found under ('/' separated); the file name for a file named explicitly.</param>
/// <param name="DocId">The user-facing document id (see <see cref="DocumentIdentity.AssignIds"/>).</param>
public sealed record InputFile(string Path, string Relative, string DocId)
{
    /// <summary>
    /// Null for a file to read; otherwise why it cannot be a document (a dangling link, a name that is not valid UTF-8, a
    /// folder that cannot be read): it becomes an error row with this message, without anything being opened.
    /// </summary>
    public string? Problem { get; init; }
}

/// <summary>
/// THE identity rule every stage uses (DESIGN.md "One document identity"): a document's <c>doc_id</c> is what its
/// researcher calls it — the file name without extension when that is unique in the batch, otherwise the path
/// relative to its input root without extension (then with extension, then prefixed with the root folder's name,
/// until unique). The content hash is a separate field (<c>sha256</c>) for caches and duplicate detection.
/// </summary>
public static class DocumentIdentity
{
    /// <summary>Lower-case hex SHA-256 of bytes.</summary>
    public static string Sha256(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>Lower-case hex SHA-256 of a text's UTF-8 bytes (documents given as table rows).</summary>
    public static string Sha256(string text) => Sha256(Encoding.UTF8.GetBytes(text ?? ""));

    /// <summary>
    /// Gives every file of a batch its doc_id. <paramref name="files"/> are (path, root, relative) triples: root is the
    /// input folder the file was found under (null for a file named explicitly). Deterministic for the same batch.
    /// Note: adding a file whose stem collides with an existing one changes both ids to their relative paths —
    /// the price of short ids; the relative path and sha256 still match such documents (<see cref="DocumentMatcher"/>).
    /// </summary>
    public static IReadOnlyList<InputFile> AssignIds(IReadOnlyList<(string Path, string? Root, string Relative)> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var n = files.Count;
        var level = new int[n];
        string Candidate(int i)
        {
            var rel = files[i].Relative.Replace('\\', '/').TrimStart('/');
            var noExt = WithoutExtension(rel);
            return level[i] switch
            {
                0 => System.IO.Path.GetFileNameWithoutExtension(rel),
                1 => noExt,
                2 => rel,
                _ => RootName(files[i].Root) + "/" + rel,
            };
        }
        var ids = new string[n];
        for (var round = 0; round < 4; round++)
        {
            for (var i = 0; i < n; i++)
            {
                ids[i] = Candidate(i);
            }
            var clashes = ids.Select((id, i) => (id, i)).GroupBy(x => x.id, StringComparer.Ordinal).Where(g => g.Count() > 1).ToList();
            if (clashes.Count == 0)
            {
                break;
            }
            foreach (var g in clashes)
            {
                foreach (var (_, i) in g)
                {
                    level[i] = Math.Min(level[i] + 1, 3);
                }
            }
        }
        // Still equal (the same file reached through two inputs, or two roots of the same name): number them.
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < n; i++)
        {
            if (seen.TryGetValue(ids[i], out var count))
            {
                seen[ids[i]] = count + 1;
                ids[i] = $"{ids[i]}~{count + 1}";
            }
            else
            {
                seen[ids[i]] = 1;
            }
        }
        return files.Select((f, i) => new InputFile(f.Path, f.Relative.Replace('\\', '/'), ids[i])).ToList();
    }

    private static string WithoutExtension(string relative)
    {
        var dir = System.IO.Path.GetDirectoryName(relative)?.Replace('\\', '/');
        var stem = System.IO.Path.GetFileNameWithoutExtension(relative);
        return string.IsNullOrEmpty(dir) ? stem : dir + "/" + stem;
    }

    private static string RootName(string? root)
    {
        if (root is null)
        {
            return "_";
        }
        var name = System.IO.Path.GetFileName(System.IO.Path.TrimEndingDirectorySeparator(System.IO.Path.GetFullPath(root)));
        return name.Length == 0 ? "_" : name;
    }
}
