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
        var ids = Assign(files.Count, (i, level) => Candidate(files[i].Relative, files[i].Root, level));
        return files.Select((f, i) => new InputFile(f.Path, f.Relative.Replace('\\', '/'), ids.DocId(i, level => Candidate(f.Relative, f.Root, level)))).ToList();
    }

    /// <summary>
    /// The doc_ids of a batch of <paramref name="count"/> files as levels (one byte per file) plus the few numbered
    /// exceptions, instead of <paramref name="count"/> strings (issue 15: a batch's file list stays small).
    /// <paramref name="candidate"/>(i, level) is file i's id at a level (<see cref="Candidate"/>). The rule is the one
    /// <see cref="AssignIds"/> documents: ids that clash go up a level together, for up to four rounds; ids still equal
    /// then get <c>~2</c>, <c>~3</c>… in file order. Clashes are found by sorting 32-bit hashes of the candidates and
    /// comparing the strings only within a run of equal hashes, so no round holds every id at once (<paramref name="hash"/>:
    /// the ordinal string hash unless a test gives another).
    /// </summary>
    internal static DocIdLevels Assign(int count, Func<int, int, string> candidate, Func<string, int>? hash = null)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        hash ??= id => string.GetHashCode(id, StringComparison.Ordinal); // tests give a colliding one
        var level = new byte[count];
        Dictionary<int, int>? numbered = null;
        for (var round = 0; round < 4; round++)
        {
            var clashes = Clashes(count, i => candidate(i, level[i]), hash);
            if (clashes.Count == 0)
            {
                break;
            }
            if (round < 3)
            {
                foreach (var group in clashes)
                {
                    foreach (var i in group)
                    {
                        level[i] = (byte)Math.Min(level[i] + 1, 3);
                    }
                }
                continue;
            }
            // Still equal after the last round (the same file reached through two inputs, or two roots of the same name): number them.
            numbered = [];
            foreach (var group in clashes)
            {
                for (var k = 1; k < group.Count; k++)
                {
                    numbered[group[k]] = k + 1;
                }
            }
        }
        return new DocIdLevels(level, numbered);
    }

    /// <summary>Groups (each in file order) of files whose ids are equal; ids of the other files are never kept.</summary>
    private static List<List<int>> Clashes(int count, Func<int, string> id, Func<string, int> hash)
    {
        var hashes = new int[count];
        var order = new int[count];
        for (var i = 0; i < count; i++)
        {
            hashes[i] = hash(id(i));
            order[i] = i;
        }
        Array.Sort(hashes, order);
        var clashes = new List<List<int>>();
        for (var start = 0; start < count;)
        {
            var end = start + 1;
            while (end < count && hashes[end] == hashes[start])
            {
                end++;
            }
            if (end - start > 1)
            {
                // equal hashes: compare the ids themselves (a hash can be shared by different ids)
                var run = order.AsSpan(start, end - start).ToArray();
                Array.Sort(run);
                clashes.AddRange(run.GroupBy(id, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.ToList()));
            }
            start = end;
        }
        clashes.Sort((a, b) => a[0].CompareTo(b[0]));
        return clashes;
    }

    /// <summary>File <paramref name="relative"/>'s (found under <paramref name="root"/>, null for a file named explicitly) id at a level: 0 the file name without extension, 1 the relative path without extension, 2 with it, 3 the root folder's name and the relative path.</summary>
    internal static string Candidate(string relative, string? root, int level)
    {
        var rel = relative.Replace('\\', '/').TrimStart('/');
        return level switch
        {
            0 => System.IO.Path.GetFileNameWithoutExtension(rel),
            1 => WithoutExtension(rel),
            2 => rel,
            _ => RootName(root) + "/" + rel,
        };
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

/// <summary>The doc_ids of a batch as <see cref="DocumentIdentity.Assign"/> gives them: a level per file and the numbered ones.</summary>
internal sealed class DocIdLevels(byte[] level, Dictionary<int, int>? numbered)
{
    /// <summary>File <paramref name="index"/>'s doc_id, from its candidate at each level.</summary>
    public string DocId(int index, Func<int, string> candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        var id = candidate(level[index]);
        return numbered is not null && numbered.TryGetValue(index, out var k) ? $"{id}~{k}" : id;
    }
}
