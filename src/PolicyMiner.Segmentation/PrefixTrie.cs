using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace PolicyMiner.Segmentation;

/// <summary>
/// jieba's prefix dictionary <c>FREQ</c> (SPEC §2.1) as an immutable array trie: every key (word or prefix of a
/// word) is a node; a node's frequency is 0 for a pure prefix. Nodes are laid out breadth-first with each node's
/// children contiguous and sorted by UTF-16 code unit, so a DAG probe walks the trie one character at a time
/// without allocating a substring (jieba-rs does the same with a double-array trie).
/// </summary>
internal sealed class PrefixTrie
{
    private const int Magic = 0x424A4D50; // "PMJB"
    private const int FormatVersion = 1;

    private readonly char[] _chars;      // _chars[n] = the character on the edge into node n (node 0 = root)
    private readonly int[] _childStart;  // children of n are nodes [_childStart[n], _childStart[n + 1])
    private readonly int[] _freq;        // FREQ[key]; 0 = prefix-only key
    private readonly double[] _logFreq;  // ln(FREQ) precomputed (0 where FREQ = 0, i.e. ln(1), as `or 1`)
    private readonly ushort[] _tag;      // index into _tags, 0 = no tag
    private readonly string[] _tags;     // _tags[0] = "" (none)
    private readonly int[] _root;        // 65536-entry direct table: first character → node, -1 = not a key

    private PrefixTrie(char[] chars, int[] childCount, int[] freq, ushort[] tag, string[] tags, long total)
    {
        _chars = chars;
        _freq = freq;
        _tag = tag;
        _tags = tags;
        Total = total;
        int n = chars.Length;
        _childStart = new int[n + 1];
        int next = 1;
        for (int i = 0; i < n; i++)
        {
            _childStart[i] = next;
            next += childCount[i];
        }
        _childStart[n] = next;
        if (next != n)
        {
            throw new InvalidDataException($"corrupt jieba prefix dictionary: child counts sum to {next - 1}, expected {n - 1}");
        }
        _logFreq = new double[n];
        for (int i = 0; i < n; i++)
        {
            // Same double as CPython's math.log(int) (both call the C library's log on the converted double).
            _logFreq[i] = freq[i] > 0 ? Math.Log(freq[i]) : 0.0;
        }
        _root = new int[65536];
        Array.Fill(_root, -1);
        for (int c = _childStart[0]; c < _childStart[1]; c++)
        {
            _root[chars[c]] = c;
        }
        MaxKeyLength = ComputeMaxDepth();
    }

    /// <summary>Number of keys (words and prefixes), without the root.</summary>
    public int KeyCount => _chars.Length - 1;

    /// <summary>Sum of the frequencies of all dictionary lines (duplicates counted twice, as jieba does).</summary>
    public long Total { get; }

    /// <summary>Length (UTF-16 units) of the longest key.</summary>
    public int MaxKeyLength { get; }

    /// <summary>The node of the one-character key <paramref name="c"/>, or −1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Root(char c) => _root[c];

    /// <summary>The child of <paramref name="node"/> along <paramref name="c"/>, or −1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Child(int node, char c)
    {
        int lo = _childStart[node], hi = _childStart[node + 1] - 1;
        var chars = _chars;
        if (hi - lo < 8)
        {
            for (int i = lo; i <= hi; i++)
            {
                if (chars[i] == c) { return i; }
            }
            return -1;
        }
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            char m = chars[mid];
            if (m == c) { return mid; }
            if (m < c) { lo = mid + 1; } else { hi = mid - 1; }
        }
        return -1;
    }

    /// <summary>The node of <paramref name="key"/>, or −1 if it is not a key.</summary>
    public int Find(ReadOnlySpan<char> key)
    {
        if (key.IsEmpty) { return -1; }
        int node = _root[key[0]];
        for (int i = 1; i < key.Length && node >= 0; i++)
        {
            node = Child(node, key[i]);
        }
        return node;
    }

    /// <summary>FREQ of a node (0 = prefix only).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Freq(int node) => _freq[node];

    /// <summary>ln(FREQ) of a node with FREQ &gt; 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double LogFreq(int node) => _logFreq[node];

    /// <summary>The dictionary's POS tag of a node, or null.</summary>
    public string? Tag(int node) => _tag[node] == 0 ? null : _tags[_tag[node]];

    private int ComputeMaxDepth()
    {
        // BFS order: the last node is one of the deepest; count its ancestors.
        int depth = 0;
        for (int node = _chars.Length - 1; node != 0; node = ParentOf(node))
        {
            depth++;
        }
        return depth;
    }

    private int ParentOf(int node)
    {
        // The parent p is the last node with _childStart[p] <= node.
        int lo = 0, hi = _chars.Length - 1;
        while (lo < hi)
        {
            int mid = (lo + hi + 1) >>> 1;
            if (_childStart[mid] <= node) { lo = mid; } else { hi = mid - 1; }
        }
        return lo;
    }

    /// <summary>Builds the trie from parsed dictionary entries (see <see cref="DictionaryText"/>).</summary>
    public static PrefixTrie Build(Dictionary<string, (int Freq, string? Tag)> words, long total)
    {
        // All keys = words + every prefix. Sorting by (length, ordinal) yields a BFS layout in which the children
        // of every node are contiguous and in the same order as their parents.
        var keys = new HashSet<string>(StringComparer.Ordinal) { "" };
        foreach (var w in words.Keys)
        {
            for (int i = 1; i <= w.Length; i++)
            {
                keys.Add(w[..i]);
            }
        }
        var sorted = keys.ToArray();
        Array.Sort(sorted, static (a, b) => a.Length != b.Length ? a.Length.CompareTo(b.Length) : string.CompareOrdinal(a, b));
        var index = new Dictionary<string, int>(sorted.Length, StringComparer.Ordinal);
        for (int i = 0; i < sorted.Length; i++)
        {
            index[sorted[i]] = i;
        }
        var chars = new char[sorted.Length];
        var childCount = new int[sorted.Length];
        var freq = new int[sorted.Length];
        var tag = new ushort[sorted.Length];
        var tagIndex = new Dictionary<string, ushort>(StringComparer.Ordinal) { [""] = 0 };
        var tags = new List<string> { "" };
        for (int i = 1; i < sorted.Length; i++)
        {
            var key = sorted[i];
            chars[i] = key[^1];
            childCount[index[key[..^1]]]++;
            if (words.TryGetValue(key, out var entry))
            {
                freq[i] = entry.Freq;
                if (!string.IsNullOrEmpty(entry.Tag))
                {
                    if (!tagIndex.TryGetValue(entry.Tag, out var t))
                    {
                        t = checked((ushort)tags.Count);
                        tagIndex[entry.Tag] = t;
                        tags.Add(entry.Tag);
                    }
                    tag[i] = t;
                }
            }
        }
        return new PrefixTrie(chars, childCount, freq, tag, [.. tags], total);
    }

    /// <summary>Writes the compact binary form that <see cref="Read"/> loads (models/jieba/dict.bin.gz).</summary>
    public void Write(Stream output)
    {
        using var w = new BinaryWriter(output, System.Text.Encoding.UTF8, leaveOpen: true);
        w.Write(Magic);
        w.Write(FormatVersion);
        w.Write(Total);
        w.Write(_chars.Length);
        w.Write(_tags.Length);
        foreach (var t in _tags)
        {
            w.Write(t);
        }
        var childCount = new int[_chars.Length];
        for (int i = 0; i < childCount.Length; i++)
        {
            childCount[i] = _childStart[i + 1] - _childStart[i];
        }
        w.Write(MemoryMarshal.AsBytes(_chars.AsSpan()));
        w.Write(MemoryMarshal.AsBytes(childCount.AsSpan()));
        w.Write(MemoryMarshal.AsBytes(_freq.AsSpan()));
        w.Write(MemoryMarshal.AsBytes(_tag.AsSpan()));
    }

    /// <summary>Loads the binary form written by <see cref="Write"/> (little-endian).</summary>
    public static PrefixTrie Read(Stream input)
    {
        using var r = new BinaryReader(input, System.Text.Encoding.UTF8, leaveOpen: true);
        if (r.ReadInt32() != Magic || r.ReadInt32() != FormatVersion)
        {
            throw new InvalidDataException("not a PolicyMiner jieba dictionary (bad magic/version); rebuild models/jieba/dict.bin.gz");
        }
        long total = r.ReadInt64();
        int n = r.ReadInt32();
        var tags = new string[r.ReadInt32()];
        for (int i = 0; i < tags.Length; i++)
        {
            tags[i] = r.ReadString();
        }
        var chars = new char[n];
        var childCount = new int[n];
        var freq = new int[n];
        var tag = new ushort[n];
        ReadExactly(input, MemoryMarshal.AsBytes(chars.AsSpan()));
        ReadExactly(input, MemoryMarshal.AsBytes(childCount.AsSpan()));
        ReadExactly(input, MemoryMarshal.AsBytes(freq.AsSpan()));
        ReadExactly(input, MemoryMarshal.AsBytes(tag.AsSpan()));
        return new PrefixTrie(chars, childCount, freq, tag, tags, total);
    }

    private static void ReadExactly(Stream s, Span<byte> buffer)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("the embedded jieba dictionary is little-endian");
        }
        s.ReadExactly(buffer);
    }
}
