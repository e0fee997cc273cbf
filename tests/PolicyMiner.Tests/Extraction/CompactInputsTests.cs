using System.Security.Cryptography;
using System.Text;
using PolicyMiner.Extraction;

namespace PolicyMiner.Tests.Extraction;

/// <summary>
/// The compact per-file structures of extract (issue 15, "memory flat in corpus size"): <see cref="InputList"/>,
/// <see cref="DocumentIdentity.Assign"/> and <see cref="ContentIndex"/> must give exactly what the string-per-file
/// versions gave. The oracle for doc_ids is the previous implementation, kept here verbatim; the batches are
/// constructed (random names drawn from a tiny alphabet, so that stems, relative paths and roots collide often).
/// </summary>
public class CompactInputsTests
{
    // The doc_id rule as DocumentIdentity.AssignIds implemented it with a string per file (before issue 15's compaction).
    private static List<string> ReferenceIds(List<(string Path, string? Root, string Relative)> files)
    {
        var n = files.Count;
        var level = new int[n];
        string Candidate(int i)
        {
            var rel = files[i].Relative.Replace('\\', '/').TrimStart('/');
            var dir = Path.GetDirectoryName(rel)?.Replace('\\', '/');
            var stem = Path.GetFileNameWithoutExtension(rel);
            var noExt = string.IsNullOrEmpty(dir) ? stem : dir + "/" + stem;
            var root = files[i].Root is null ? "_" : Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(files[i].Root!)));
            return level[i] switch
            {
                0 => Path.GetFileNameWithoutExtension(rel),
                1 => noExt,
                2 => rel,
                _ => (root.Length == 0 ? "_" : root) + "/" + rel,
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
        return [.. ids];
    }

    private static List<(string Path, string? Root, string Relative)> RandomBatch(Random random, int count)
    {
        string[] roots = ["in", "x/in", "y/in", "other"];
        string[] names = ["a", "b", "a~2", "通知", "𠀀", "ｆ"];
        string[] exts = [".txt", ".pdf", ".md", ""];
        var files = new List<(string, string?, string)>();
        for (var i = 0; i < count; i++)
        {
            var depth = random.Next(3);
            var relative = string.Join("/", Enumerable.Range(0, depth).Select(_ => names[random.Next(names.Length)]).Append(names[random.Next(names.Length)] + exts[random.Next(exts.Length)]));
            var root = random.Next(6) == 0 ? null : roots[random.Next(roots.Length)];
            files.Add((root is null ? relative : root + "/" + relative, root, root is null ? Path.GetFileName(relative) : relative));
        }
        return files;
    }

    [Fact]
    public void Doc_ids_are_those_of_the_string_per_file_rule_for_0_1_and_many_colliding_files()
    {
        Assert.Empty(DocumentIdentity.AssignIds([]));
        Assert.Equal(["R0035"], DocumentIdentity.AssignIds([("in/R0035.txt", "in", "R0035.txt")]).Select(f => f.DocId));
        var random = new Random(15);
        var numbered = 0;
        for (var batch = 0; batch < 300; batch++)
        {
            var files = RandomBatch(random, random.Next(1, 60));
            var expected = ReferenceIds(files);
            var actual = DocumentIdentity.AssignIds(files).Select(f => f.DocId).ToList();
            Assert.Equal(expected, actual);
            numbered += expected.Count(id => id.Contains('~', StringComparison.Ordinal));
        }
        Assert.True(numbered > 50, $"the batches should reach the numbering round often ({numbered} numbered ids)"); // the test exercises every level
    }

    [Fact]
    public void Doc_ids_stay_the_same_when_32_bit_hashes_collide()
    {
        // a hash with 4 values: runs of equal hashes hold different ids, which must not be taken for clashes
        var files = RandomBatch(new Random(7), 200);
        var expected = ReferenceIds(files);
        var levels = DocumentIdentity.Assign(files.Count, (i, level) => DocumentIdentity.Candidate(files[i].Relative, files[i].Root, level), id => id.Length % 4);
        var actual = files.Select((f, i) => levels.DocId(i, level => DocumentIdentity.Candidate(f.Relative, f.Root, level))).ToList();
        Assert.Equal(expected, actual);
        Assert.Equal(expected.Count, expected.Distinct(StringComparer.Ordinal).Count());
    }

    // A constructed tree: name clashes across folders and roots, names above U+FFFF and in U+E000–U+FFFF (UTF-16 and UTF-8
    // orders differ there), a folder given twice and a file given on its own as well, a non-document, a dangling link.
    private static (string Root, string[] Inputs) Tree()
    {
        var root = Path.Combine(Path.GetTempPath(), "pm-compact-" + Guid.NewGuid().ToString("N"));
        foreach (var rel in new[] { "in/a.txt", "in/sub/a.txt", "in/sub/a.md", "in/𠀀.txt", "in/ｆ.txt", "in/f.txt", "in/deep/x/y/report.pdf",
                     "other/in/a.txt", "other/in/report.pdf", "in/skip.xyz" })
        {
            var path = Path.Combine(root, rel);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, "内容 " + rel);
        }
        File.CreateSymbolicLink(Path.Combine(root, "in", "gone.txt"), "nowhere.txt");
        var input = Path.Combine(root, "in");
        return (root, [input, Path.Combine(root, "other", "in"), input + "/", Path.Combine(input, "sub", "a.txt"), Path.Combine(input, "sub")]);
    }

    [Fact]
    public void The_compact_list_gives_each_file_once_in_path_order_with_the_reference_ids()
    {
        var (root, inputs) = Tree();
        var list = Extractor.CollectInputs(inputs, out var skipped);
        Assert.IsType<InputList>(list);
        var paths = list.Select(f => f.Path).ToList();
        Assert.Equal(paths.Distinct().Count(), paths.Count);
        Assert.Equal(paths.Order(StringComparer.Ordinal), paths); // UTF-16 ordinal: 𠀀 (a surrogate pair) before ｆ (U+FF46)
        Assert.Equal(10, list.Count); // 9 documents + the dangling link; the repeated folder and files only once
        Assert.Contains(skipped, s => s.EndsWith("skip.xyz", StringComparison.Ordinal));
        Assert.Contains("dangling", list.Single(f => f.Path.EndsWith("gone.txt", StringComparison.Ordinal)).Problem, StringComparison.Ordinal);
        Assert.All(list.Where(f => !f.Path.EndsWith("gone.txt", StringComparison.Ordinal)), f => Assert.Null(f.Problem));
        // the same ids as the reference rule over the same (path, root, relative) triples
        var triples = list.Select(f => (f.Path, Root: (string?)inputs.First(i => f.Path.StartsWith(i, StringComparison.Ordinal) && Directory.Exists(i)), f.Relative)).ToList();
        Assert.Equal(ReferenceIds(triples), list.Select(f => f.DocId).ToList());
        Assert.Equal(list.Select(f => f.Path), Enumerable.Range(0, list.Count).Select(i => ((InputList)list).PathAt(i)));
        // a view keeps the order and the items
        var view = ((InputList)list).Where(f => f.DocId.Contains('a', StringComparison.Ordinal));
        Assert.Equal(list.Where(f => f.DocId.Contains('a', StringComparison.Ordinal)).Select(f => f.Path), view.Select(f => f.Path));
        // exclude drops files by full path
        var excluded = Extractor.CollectInputs(inputs, out _, full => full.EndsWith("report.pdf", StringComparison.Ordinal));
        Assert.Equal(list.Count - 2, excluded.Count);
        Directory.Delete(root, recursive: true);
    }

    [Fact]
    public void Zero_and_one_file_batches()
    {
        var root = Path.Combine(Path.GetTempPath(), "pm-compact0-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        Assert.Empty(Extractor.CollectInputs([root], out _));
        var one = Path.Combine(root, "only.txt");
        File.WriteAllText(one, "x");
        var list = Extractor.CollectInputs([root], out _);
        var file = Assert.Single(list);
        Assert.Equal(("only", "only.txt", one), (file.DocId, file.Relative, file.Path));
        Assert.Equal("only", Assert.Single(Extractor.CollectInputs([one], out _)).DocId);
        Directory.Delete(root, recursive: true);
    }

    private static string Hash(int i) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(i.ToString(System.Globalization.CultureInfo.InvariantCulture))));

    [Fact]
    public void The_content_index_finds_firsts_keeps_values_and_lists_marks_in_order()
    {
        var index = new ContentIndex();
        var reference = new Dictionary<string, long>(StringComparer.Ordinal);
        var random = new Random(3);
        for (var i = 0; i < 20_000; i++)
        {
            var hash = Hash(random.Next(12_000)); // many repeats; the table grows through several sizes and pages
            Assert.True(Sha256Key.TryParse(hash, out var key));
            Assert.Equal(hash, key.ToString());
            var added = index.TryAdd(key, i, out var entry);
            Assert.Equal(reference.TryAdd(hash, i), added);
            Assert.Equal(reference[hash], index.Value(entry));
            Assert.Equal(entry, index.Find(key));
            if (i % 3 == 0 && index.Mark(entry) < 0)
            {
                index.SetMark(entry, i);
            }
        }
        Assert.Equal(reference.Count, index.Count);
        Assert.True(Sha256Key.TryParse(Hash(-1), out var absent));
        Assert.Equal(-1, index.Find(absent));
        var marked = index.MarkedInOrder().ToList();
        Assert.Equal(marked.Distinct().Count(), marked.Count);
        var marks = marked.Select(h => Sha256Key.TryParse(h, out var k) ? index.Mark(index.Find(k)) : -2).ToList();
        Assert.Equal(marks.Order(), marks);
        Assert.False(Sha256Key.TryParse("", out _));
        Assert.False(Sha256Key.TryParse(new string('g', 64), out _));
        Assert.False(Sha256Key.TryParse(Hash(1)[..63], out _));
    }

    [Fact]
    public void Duplicates_and_the_cache_list_survive_a_rerun_with_reuse()
    {
        // constructed: three copies of one text, two distinct ones and an empty (error) file; extract twice into one output
        var root = Path.Combine(Path.GetTempPath(), "pm-compact-dup-" + Guid.NewGuid().ToString("N"));
        var input = Path.Combine(root, "in");
        Directory.CreateDirectory(Path.Combine(input, "b"));
        foreach (var (name, text) in new[] { ("a.txt", "同一内容"), ("b/a.txt", "同一内容"), ("c.txt", "同一内容"), ("d.txt", "另一内容"), ("e.md", "第三"), ("empty.txt", "") })
        {
            File.WriteAllText(Path.Combine(input, name), text);
        }
        var output = Path.Combine(root, "documents.jsonl");
        var extractor = new Extractor(new ExtractOptions { Ocr = OcrMode.Off, MaxParallelism = 2 });
        var first = extractor.ExtractBatch([input], output);
        var bytes = File.ReadAllBytes(output);
        var cache = File.ReadAllText(Extractor.CachePathFor(output));
        Assert.Equal(2, first.Duplicates);
        var docs = DocumentsJsonl.Read(output).ToList();
        Assert.Equal([null, "a", "a", null, null, null], docs.Select(d => d.DuplicateOf));
        var again = extractor.ExtractBatch([input], output);
        Assert.Equal(5, again.Reused); // everything but the error row
        Assert.Equal(bytes, File.ReadAllBytes(output));
        Assert.Equal(cache, File.ReadAllText(Extractor.CachePathFor(output)));
        // the cache list: each content once, in the order first seen, error rows left out
        Assert.Equal(3, System.Text.Json.JsonDocument.Parse(cache).RootElement.GetProperty("ids").GetArrayLength());
        Directory.Delete(root, recursive: true);
    }
}
