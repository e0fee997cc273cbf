using System.Diagnostics;
using System.Globalization;
using PolicyMiner.Extraction;

namespace PolicyMiner.Benchmarks;

/// <summary>
/// <c>filelist</c> benchmark (issue 15): what extract's per-file structures cost, in bytes per file, counted as the
/// managed heap retained after a full collection (<see cref="GC.GetTotalMemory(bool)"/>) while each structure is alive.
/// The file list of a real folder (the memory benchmark's generated corpus, or any folder) as the compact
/// <see cref="InputList"/> and as the <see cref="InputFile"/> objects extract held before; and per-content tables for
/// <c>duplicate_of</c> and the cache list as the <see cref="ContentIndex"/> and as the Dictionary + HashSet + List of
/// 32-byte keys it replaced, on the SHA-256 of each file's bytes.
/// </summary>
internal static class FileListBenchmark
{
    public const string Help =
        "       PolicyMiner.Benchmarks filelist FOLDER   bytes per file of extract's file list and content table, compact vs the structures they replaced";

    public static int Run(string[] args)
    {
        if (args.Length != 1 || !Directory.Exists(args[0]))
        {
            Console.Error.WriteLine(Help);
            return 2;
        }
        var inv = CultureInfo.InvariantCulture;
        var watch = Stopwatch.StartNew();
        var before = Retained();
        var list = Extractor.CollectInputs([args[0]], out _);
        var listBytes = Retained() - before;
        var collectSeconds = watch.Elapsed.TotalSeconds;
        var n = list.Count;
        before = Retained();
        var objects = list.ToList(); // what CollectInputs returned before: an InputFile (3 strings) per file
        var objectBytes = Retained() - before;
        GC.KeepAlive(objects);
        objects = null;

        var keys = list.Select(f => Sha256Key.TryParse(Extractor.ContentHash(File.ReadAllBytes(f.Path)), out var k) ? k : default).ToArray();
        var (indexBytes, distinct) = Measure(() =>
        {
            var index = new ContentIndex();
            for (var i = 0; i < keys.Length; i++)
            {
                if (index.TryAdd(keys[i], i, out var entry))
                {
                    index.SetMark(entry, i);
                }
            }
            return (index, index.Count);
        });
        var (oldBytes, _) = Measure(() =>
        {
            var first = new Dictionary<Sha256Key, int>();
            var cacheIds = new List<Sha256Key>();
            var cacheSeen = new HashSet<Sha256Key>();
            for (var i = 0; i < keys.Length; i++)
            {
                first.TryAdd(keys[i], i);
                if (cacheSeen.Add(keys[i]))
                {
                    cacheIds.Add(keys[i]);
                }
            }
            return ((object)(first, cacheIds, cacheSeen), first.Count);
        });
        // merge before: sha256 hex → (doc_id, path) of the first record, strings as read from the shards' records, and
        // the cache list's Distinct() over the hex strings; after: the same ContentIndex (where the first record is)
        var (mergeOldBytes, _) = Measure(() =>
        {
            var first = new Dictionary<string, (string DocId, string Path)>(StringComparer.Ordinal);
            var cache = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < keys.Length; i++)
            {
                var file = list[i];
                first.TryAdd(keys[i].ToString(), (file.DocId, file.Path));
                cache.Add(keys[i].ToString());
            }
            return ((object)(first, cache), first.Count);
        });
        GC.KeepAlive(list);
        Console.WriteLine(string.Create(inv, $"{n:N0} files in {args[0]} (collected in {collectSeconds:0.00} s), {distinct:N0} distinct contents"));
        Console.WriteLine("| structure | before: bytes/file | after: bytes/file |");
        Console.WriteLine("|---|---:|---:|");
        Console.WriteLine(string.Create(inv, $"| file list (path, relative path, doc_id) | {(double)objectBytes / n:0} (InputFile objects) | {(double)listBytes / n:0} (InputList) |"));
        Console.WriteLine(string.Create(inv, $"| per content: duplicate_of + cache list | {(double)oldBytes / n:0} (Dictionary + HashSet + List) | {(double)indexBytes / n:0} (ContentIndex) |"));
        Console.WriteLine(string.Create(inv, $"| merge, per content: duplicate_of + cache list | {(double)mergeOldBytes / n:0} (Dictionary of hex → doc_id, path + HashSet of hex) | {(double)indexBytes / n:0} (ContentIndex) |"));
        return 0;
    }

    // Heap retained by what build() returns (kept alive while measured), and a number it reports.
    private static (long Bytes, int Count) Measure(Func<(object Kept, int Count)> build)
    {
        var before = Retained();
        var (kept, count) = build();
        var bytes = Retained() - before;
        GC.KeepAlive(kept);
        return (bytes, count);
    }

    private static long Retained()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
