using System.Collections;
using System.Text;
using System.Text.Unicode;

namespace PolicyMiner.Extraction;

/// <summary>
/// The collected inputs of a batch (<see cref="Extractor.CollectInputs"/>), compact (issue 15, "memory flat in corpus
/// size"): the doc_id rule needs the whole list before the first file is read, so the list is what grows with the batch.
/// Instead of an <see cref="InputFile"/> (three strings, ~600 bytes) per file it keeps each path once as UTF-8 in shared
/// 64 KB pages, the relative path as a suffix of it (or right after it), a root number, a one-byte doc_id level
/// (<see cref="DocumentIdentity.Assign"/>) — about 24 bytes plus the path's bytes per file — and makes the
/// <see cref="InputFile"/> when an item is read. Items are in the batch's order (paths sorted ordinally, as UTF-16).
/// A <see cref="Where"/> view (a shard's part) shares the storage and keeps 4 bytes per item.
/// </summary>
public sealed class InputList : IReadOnlyList<InputFile>
{
    private readonly Store store;
    private readonly int[]? view; // positions in store's order, or null for all of them

    private InputList(Store store, int[]? view)
    {
        this.store = store;
        this.view = view;
    }

    /// <inheritdoc/>
    public int Count => view?.Length ?? store.Count;

    /// <inheritdoc/>
    public InputFile this[int index] => store.File(view is null ? index : view[index]);

    /// <summary>The path of item <paramref name="index"/>, without making its <see cref="InputFile"/>.</summary>
    public string PathAt(int index) => store.PathOf(view is null ? index : view[index]);

    /// <summary>The items whose doc_id passes <paramref name="keep"/> (e.g. a shard's), in order, sharing this list's storage.</summary>
    public InputList Where(Func<InputFile, bool> keep)
    {
        ArgumentNullException.ThrowIfNull(keep);
        var kept = new List<int>();
        for (var i = 0; i < Count; i++)
        {
            if (keep(this[i]))
            {
                kept.Add(view is null ? i : view[i]);
            }
        }
        return new InputList(store, [.. kept]);
    }

    /// <inheritdoc/>
    public IEnumerator<InputFile> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>
    /// Builds the list: <paramref name="found"/> gives (path, root, relative, problem) in discovery order; a file found
    /// again under the same full path is kept once (the first time, as <see cref="Extractor.CollectInputs"/> always did),
    /// <paramref name="exclude"/> (full path) drops files, the rest are sorted by path and given their doc_ids.
    /// </summary>
    internal static InputList Build(IEnumerable<(string Path, string? Root, string Relative, string? Problem)> found, bool mayRepeat, Func<string, bool>? exclude)
    {
        var store = new Store();
        var seen = mayRepeat ? new FullPathSet(store) : null;
        foreach (var (path, root, relative, problem) in found)
        {
            var full = seen is null && exclude is null ? null : System.IO.Path.GetFullPath(path);
            // exclude depends on the full path only, so a repeat of an excluded file is excluded too: it need not be remembered
            if ((exclude is not null && exclude(full!)) || (seen is not null && !seen.Add(full!, store.Slots)))
            {
                continue;
            }
            store.Add(path, root, relative, problem);
        }
        store.Finish();
        return new InputList(store, null);
    }

    /// <summary>Slots of files, their bytes, and the batch order; see the class summary for the layout.</summary>
    private sealed class Store
    {
        private const int PageBytes = 1 << 16;

        private readonly List<byte[]> pages = [];
        private readonly List<string?> roots = [];
        private readonly Dictionary<string, int> rootNumbers = new(StringComparer.Ordinal);
        private readonly Dictionary<int, string> problems = [];
        private readonly Dictionary<int, (string Path, string Relative)> odd = []; // strings that are not valid UTF-16 (lone surrogates): kept as strings
        private Slot[] slots = new Slot[64];
        private int used; // bytes used in the last page
        private int[] order = [];
        private DocIdLevels? ids;

        /// <summary>Files added (until <see cref="Finish"/> sorts them into the order).</summary>
        public int Slots { get; private set; }

        public int Count => order.Length;

        public void Add(string path, string? root, string relative, string? problem)
        {
            var rootNumber = -1;
            if (root is not null && !rootNumbers.TryGetValue(root, out rootNumber))
            {
                rootNumber = roots.Count;
                rootNumbers[root] = rootNumber;
                roots.Add(root);
            }
            if (problem is not null)
            {
                problems[Slots] = problem;
            }
            var pathBytes = Utf8Length(path);
            var relBytes = Utf8Length(relative);
            if (pathBytes < 0 || relBytes < 0)
            {
                odd[Slots] = (path, relative);
                Append(new Slot { Page = -2, Root = rootNumber });
                return;
            }
            // the relative path is almost always the end of the path: then it costs nothing
            var suffix = relBytes <= pathBytes && path.AsSpan().EndsWith(relative, StringComparison.Ordinal) && Utf8Length(path[..^relative.Length]) == pathBytes - relBytes;
            var need = pathBytes + (suffix ? 0 : relBytes);
            if (pages.Count == 0 || used + need > pages[^1].Length)
            {
                pages.Add(new byte[Math.Max(PageBytes, need)]);
                used = 0;
            }
            var page = pages[^1];
            Encoding.UTF8.GetBytes(path, page.AsSpan(used));
            if (!suffix)
            {
                Encoding.UTF8.GetBytes(relative, page.AsSpan(used + pathBytes));
            }
            Append(new Slot
            {
                Page = pages.Count - 1,
                Offset = used,
                PathBytes = pathBytes,
                RelStart = suffix ? pathBytes - relBytes : pathBytes,
                RelBytes = relBytes,
                Root = rootNumber,
            });
            used += need;
        }

        private void Append(Slot slot)
        {
            if (Slots == slots.Length)
            {
                Array.Resize(ref slots, slots.Length * 2);
            }
            slots[Slots++] = slot;
        }

        /// <summary>Sorts the kept slots by path (ordinal UTF-16, as string.CompareOrdinal) and gives the doc_ids.</summary>
        public void Finish()
        {
            order = [.. Enumerable.Range(0, Slots)];
            Array.Sort(order, ComparePaths); // paths are unique (one per full path), so the unstable sort is deterministic
            Array.Resize(ref slots, Slots);
            ids = DocumentIdentity.Assign(order.Length, (i, level) => DocumentIdentity.Candidate(RelativeOf(order[i]), RootOf(order[i]), level));
        }

        public InputFile File(int position)
        {
            var slot = order[position];
            var relative = RelativeOf(slot);
            var root = RootOf(slot);
            return new InputFile(PathOfSlot(slot), relative.Replace('\\', '/'), ids!.DocId(position, level => DocumentIdentity.Candidate(relative, root, level)))
            {
                Problem = problems.GetValueOrDefault(slot),
            };
        }

        public string PathOf(int position) => PathOfSlot(order[position]);

        public string PathOfSlot(int slot) =>
            slots[slot].Page == -2 ? odd[slot].Path : Encoding.UTF8.GetString(pages[slots[slot].Page], slots[slot].Offset, slots[slot].PathBytes);

        private string RelativeOf(int slot) =>
            slots[slot].Page == -2 ? odd[slot].Relative : Encoding.UTF8.GetString(pages[slots[slot].Page], slots[slot].Offset + slots[slot].RelStart, slots[slot].RelBytes);

        private string? RootOf(int slot) => slots[slot].Root < 0 ? null : roots[slots[slot].Root];

        private int ComparePaths(int a, int b)
        {
            if (slots[a].Page == -2 || slots[b].Page == -2)
            {
                return string.CompareOrdinal(PathOfSlot(a), PathOfSlot(b));
            }
            // decode both and compare as UTF-16 code units (the order string.CompareOrdinal gives; UTF-8 byte order differs above U+FFFF)
            var (x, y) = (slots[a], slots[b]);
            var bx = pages[x.Page].AsSpan(x.Offset, x.PathBytes);
            var by = pages[y.Page].AsSpan(y.Offset, y.PathBytes);
            if (x.PathBytes + y.PathBytes <= 2048)
            {
                Span<char> cx = stackalloc char[x.PathBytes];
                Span<char> cy = stackalloc char[y.PathBytes];
                var nx = Encoding.UTF8.GetChars(bx, cx);
                var ny = Encoding.UTF8.GetChars(by, cy);
                return cx[..nx].SequenceCompareTo(cy[..ny]);
            }
            return string.CompareOrdinal(PathOfSlot(a), PathOfSlot(b));
        }

        // UTF-8 length of a string, or -1 when it is not valid UTF-16 (it would not come back the same)
        private static int Utf8Length(string s)
        {
            Span<byte> probe = stackalloc byte[256];
            var total = 0;
            var rest = s.AsSpan();
            while (true)
            {
                var status = Utf8.FromUtf16(rest, probe, out var read, out var written, replaceInvalidSequences: false, isFinalBlock: true);
                total += written;
                rest = rest[read..];
                if (status == System.Buffers.OperationStatus.Done)
                {
                    return total;
                }
                if (status != System.Buffers.OperationStatus.DestinationTooSmall)
                {
                    return -1;
                }
            }
        }
    }

    /// <summary>One file: where its path's UTF-8 bytes are (Page -2: kept as strings), its relative path and root.</summary>
    private struct Slot
    {
        public int Page;
        public int Offset;
        public int PathBytes;
        public int RelStart;
        public int RelBytes;
        public int Root;
    }

    /// <summary>
    /// The full paths seen so far, for inputs that may find a file twice (two inputs naming the same folder or file): an
    /// open-addressing table of slot numbers keyed by the full path's hash; a hit is confirmed on the path itself, so
    /// nothing is kept per file but 8 bytes.
    /// </summary>
    private sealed class FullPathSet(Store store)
    {
        private int[] table = new int[256]; // slot + 1, 0 empty
        private int[] hashes = new int[64];  // per slot
        private int count;

        public bool Add(string full, int slot)
        {
            var hash = string.GetHashCode(full, StringComparison.Ordinal);
            var mask = table.Length - 1;
            for (var at = hash & mask; table[at] != 0; at = (at + 1) & mask)
            {
                var other = table[at] - 1;
                if (hashes[other] == hash && string.Equals(FullOf(other), full, StringComparison.Ordinal))
                {
                    return false;
                }
            }
            if (slot >= hashes.Length)
            {
                Array.Resize(ref hashes, Math.Max(hashes.Length * 2, slot + 1));
            }
            hashes[slot] = hash;
            Insert(table, slot, hash);
            if (++count * 2 > table.Length)
            {
                var grown = new int[table.Length * 2];
                foreach (var entry in table)
                {
                    if (entry != 0)
                    {
                        Insert(grown, entry - 1, hashes[entry - 1]);
                    }
                }
                table = grown;
            }
            return true;
        }

        private string FullOf(int slot) => System.IO.Path.GetFullPath(store.PathOfSlot(slot));

        private static void Insert(int[] into, int slot, int hash)
        {
            var mask = into.Length - 1;
            var at = hash & mask;
            while (into[at] != 0)
            {
                at = (at + 1) & mask;
            }
            into[at] = slot + 1;
        }
    }
}
