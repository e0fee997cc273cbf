using System.Buffers.Binary;
using System.Globalization;

namespace PolicyMiner.Extraction;

/// <summary>A SHA-256 as four 64-bit numbers: 32 bytes instead of a 64-character string (150 bytes on the heap).</summary>
internal readonly record struct Sha256Key(ulong A, ulong B, ulong C, ulong D)
{
    /// <summary>Parses 64 hex digits (as <see cref="DocumentIdentity.Sha256(ReadOnlySpan{byte})"/> writes them); false for anything else (an error row's empty hash).</summary>
    public static bool TryParse(string? hex, out Sha256Key key)
    {
        key = default;
        Span<byte> bytes = stackalloc byte[32];
        if (hex is not { Length: 64 } || Convert.FromHexString(hex, bytes, out _, out var written) != System.Buffers.OperationStatus.Done || written != 32)
        {
            return false;
        }
        key = new Sha256Key(
            BinaryPrimitives.ReadUInt64BigEndian(bytes), BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]),
            BinaryPrimitives.ReadUInt64BigEndian(bytes[16..]), BinaryPrimitives.ReadUInt64BigEndian(bytes[24..]));
        return true;
    }

    /// <summary>The 64 lower-case hex digits.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{A:x16}{B:x16}{C:x16}{D:x16}");
}

/// <summary>
/// The per-content table of a batch (issue 15, "memory flat in corpus size"): one entry per distinct SHA-256, in the
/// order first added, each with a 64-bit value (the index or byte offset of the first record with that content) and a
/// 32-bit mark (when the content first qualified for the cache list). Open addressing with linear probing (Knuth,
/// TAOCP vol. 3, §6.4, algorithm L) over an int table of entry numbers; the keys, values and marks live in 2,048-entry
/// pages, so growing never copies them and an entry costs 44 bytes plus 4–8 of table — against ~130 for the
/// <see cref="Dictionary{TKey, TValue}"/>, <see cref="HashSet{T}"/> and <see cref="List{T}"/> it replaces. SHA-256
/// bits are uniform, so the key's first 32 bits are the hash.
/// </summary>
internal sealed class ContentIndex
{
    private const int PageShift = 11;
    private const int PageSize = 1 << PageShift;
    private const int PageMask = PageSize - 1;

    private readonly List<ulong[]> keys = [];
    private readonly List<long[]> values = [];
    private readonly List<int[]> marks = [];
    private int[] table = new int[16]; // entry + 1; 0 = empty

    /// <summary>Distinct contents added.</summary>
    public int Count { get; private set; }

    /// <summary>
    /// Adds <paramref name="key"/> with <paramref name="value"/> unless it is there; either way <paramref name="entry"/> is
    /// its entry. True when it was added (the first record with this content).
    /// </summary>
    public bool TryAdd(in Sha256Key key, long value, out int entry)
    {
        var mask = table.Length - 1;
        var at = (int)key.A & mask;
        for (; table[at] != 0; at = (at + 1) & mask)
        {
            if (KeyOf(table[at] - 1) == key)
            {
                entry = table[at] - 1;
                return false;
            }
        }
        entry = Count;
        if ((entry & PageMask) == 0)
        {
            keys.Add(new ulong[PageSize * 4]);
            values.Add(new long[PageSize]);
            marks.Add(new int[PageSize]);
            Array.Fill(marks[^1], -1);
        }
        var (page, slot) = (entry >> PageShift, entry & PageMask);
        var k = keys[page].AsSpan(slot * 4, 4);
        (k[0], k[1], k[2], k[3]) = (key.A, key.B, key.C, key.D);
        values[page][slot] = value;
        table[at] = entry + 1;
        Count++;
        if (Count * 2 > table.Length)
        {
            Grow();
        }
        return true;
    }

    /// <summary>The entry of <paramref name="key"/>, or -1.</summary>
    public int Find(in Sha256Key key)
    {
        var mask = table.Length - 1;
        for (var at = (int)key.A & mask; table[at] != 0; at = (at + 1) & mask)
        {
            if (KeyOf(table[at] - 1) == key)
            {
                return table[at] - 1;
            }
        }
        return -1;
    }

    /// <summary>The value of an entry.</summary>
    public long Value(int entry) => values[entry >> PageShift][entry & PageMask];

    /// <summary>Sets the value of an entry.</summary>
    public void SetValue(int entry, long value) => values[entry >> PageShift][entry & PageMask] = value;

    /// <summary>The mark of an entry (-1 until set).</summary>
    public int Mark(int entry) => marks[entry >> PageShift][entry & PageMask];

    /// <summary>Sets the mark of an entry.</summary>
    public void SetMark(int entry, int mark) => marks[entry >> PageShift][entry & PageMask] = mark;

    /// <summary>The key of an entry.</summary>
    public Sha256Key KeyOf(int entry)
    {
        var k = keys[entry >> PageShift].AsSpan((entry & PageMask) * 4, 4);
        return new Sha256Key(k[0], k[1], k[2], k[3]);
    }

    /// <summary>The keys of the marked entries as hex, in the order of their marks (the cache list: contents in the order they first qualified).</summary>
    public IEnumerable<string> MarkedInOrder()
    {
        var marked = new List<(int Mark, int Entry)>();
        for (var e = 0; e < Count; e++)
        {
            if (Mark(e) >= 0)
            {
                marked.Add((Mark(e), e));
            }
        }
        marked.Sort();
        foreach (var (_, e) in marked)
        {
            yield return KeyOf(e).ToString();
        }
    }

    private void Grow()
    {
        var grown = new int[table.Length * 2];
        var mask = grown.Length - 1;
        for (var e = 0; e < Count; e++)
        {
            var at = (int)keys[e >> PageShift][(e & PageMask) * 4] & mask;
            while (grown[at] != 0)
            {
                at = (at + 1) & mask;
            }
            grown[at] = e + 1;
        }
        table = grown;
    }
}
