using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace PolicyMiner.Segmentation.Keywords;

/// <summary>
/// Inverse document frequencies for TF-IDF keywords, as jieba's <c>IDFLoader</c> holds them: a word → idf map and
/// the <em>upper</em> median of the values (<c>sorted(values)[n // 2]</c>), used for words not in the table.
/// Immutable; safe to share between threads.
/// </summary>
public sealed class IdfTable
{
    /// <summary>The embedded jieba 0.42.1 <c>analyse/idf.txt</c> in the binary form of <see cref="WriteBinary"/>,
    /// Brotli-compressed (models/jieba/, read through <see cref="EmbeddedData"/>).</summary>
    internal const string EmbeddedFile = "idf.bin.br";

    private static readonly byte[] Magic = "PMIDF1"u8.ToArray();
    private static readonly Lazy<IdfTable> LazyDefault = new(LoadEmbedded, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly Dictionary<string, double> _idf;
    private readonly Dictionary<string, double>.AlternateLookup<ReadOnlySpan<char>> _spanLookup;

    private IdfTable(Dictionary<string, double> idf)
    {
        _idf = idf;
        _spanLookup = idf.GetAlternateLookup<ReadOnlySpan<char>>();
        Median = ComputeMedian(idf);
    }

    /// <summary>jieba 0.42.1's own IDF table (270,132 words, median 11.9547675029), loaded once on first use.</summary>
    public static IdfTable Default => LazyDefault.Value;

    /// <summary>Number of words in the table.</summary>
    public int Count => _idf.Count;

    /// <summary>The idf given to words missing from the table: <c>sorted(values)[Count / 2]</c> as in jieba.</summary>
    public double Median { get; }

    /// <summary>The idf of <paramref name="word"/>, or <see cref="Median"/> when the table does not hold it.</summary>
    public double this[string word] => _idf.TryGetValue(word, out var v) ? v : Median;

    /// <summary>The idf of <paramref name="word"/> when the table holds it.</summary>
    public bool TryGetValue(string word, out double idf) => _idf.TryGetValue(word, out idf);

    /// <summary>The idf of <paramref name="word"/> when the table holds it (no string allocated).</summary>
    public bool TryGetValue(ReadOnlySpan<char> word, out double idf) => _spanLookup.TryGetValue(word, out idf);

    /// <summary>All entries (unordered).</summary>
    public IEnumerable<KeyValuePair<string, double>> Entries => _idf;

    /// <summary>
    /// Reads an IDF file in jieba's format (UTF-8, one <c>word idf</c> per line, a single space between, like
    /// <c>jieba.analyse.set_idf_path</c>). A later line for the same word wins. NOTE: blank lines are skipped
    /// (Python jieba raises on them); any other malformed line is an error naming the file and line.
    /// </summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="FormatException">A line is not <c>word idf</c>.</exception>
    public static IdfTable FromFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"IDF file '{path}' does not exist. Give the path of a UTF-8 text file with one 'word idf' per line.", path);
        }
        var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(File.ReadAllBytes(path));
        return Parse(text, path);
    }

    /// <summary>Parses the text of an IDF file (see <see cref="FromFile"/>); <paramref name="source"/> names it in errors.</summary>
    internal static IdfTable Parse(string text, string source)
    {
        var idf = new Dictionary<string, double>(StringComparer.Ordinal);
        var lines = PythonText.SplitLines(text);
        for (int i = 0; i < lines.Count; i++)
        {
            // Python: line.strip().split(' ') must give exactly two fields; float() parses the second.
            var line = lines[i].AsSpan();
            int a = 0, b = line.Length;
            while (a < b && PythonText.IsSpace(line[a]))
            {
                a++;
            }
            while (b > a && PythonText.IsSpace(line[b - 1]))
            {
                b--;
            }
            line = line[a..b];
            if (line.IsEmpty)
            {
                continue;
            }
            int space = line.IndexOf(' ');
            if (space < 0 || line[(space + 1)..].Contains(' ')
                || !double.TryParse(line[(space + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                throw new FormatException(
                    $"{source}, line {i + 1}: expected 'word idf' (a word, one space, a number), got '{lines[i]}'. Fix or remove that line.");
            }
            idf[line[..space].ToString()] = value;
        }
        return new IdfTable(idf);
    }

    /// <summary>
    /// Writes the compact binary form used for the embedded table (the file is this, Brotli-compressed):
    /// <c>"PMIDF1", int32 count, int32 distinct-value count, the distinct values (float64, ascending), then per word in
    /// ordinal order: varint shared-prefix length, varint suffix length (UTF-16 units), the suffix as UTF-16LE,
    /// varint value index</c>. All integers little-endian.
    /// </summary>
    internal void WriteBinary(Stream output)
    {
        var values = _idf.Values.Distinct().Order().ToArray();
        var index = new Dictionary<double, int>(values.Length);
        for (int i = 0; i < values.Length; i++)
        {
            index[values[i]] = i;
        }
        var raw = new MemoryStream();
        raw.Write(Magic);
        Span<byte> buf = stackalloc byte[8];
        BinaryPrimitives.WriteInt32LittleEndian(buf, _idf.Count);
        raw.Write(buf[..4]);
        BinaryPrimitives.WriteInt32LittleEndian(buf, values.Length);
        raw.Write(buf[..4]);
        foreach (var v in values)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(buf, v);
            raw.Write(buf);
        }
        string previous = "";
        foreach (var word in _idf.Keys.Order(StringComparer.Ordinal))
        {
            int shared = 0;
            while (shared < previous.Length && shared < word.Length && previous[shared] == word[shared])
            {
                shared++;
            }
            WriteVarint(raw, shared);
            WriteVarint(raw, word.Length - shared);
            foreach (char c in word.AsSpan(shared))
            {
                BinaryPrimitives.WriteUInt16LittleEndian(buf, c);
                raw.Write(buf[..2]);
            }
            WriteVarint(raw, index[_idf[word]]);
            previous = word;
        }
        raw.Position = 0;
        raw.CopyTo(output);
    }

    /// <summary>Reads the (decompressed) form written by <see cref="WriteBinary"/>.</summary>
    internal static IdfTable ReadBinary(ReadOnlySpan<byte> span)
    {
        if (span.Length < 14 || !span[..6].SequenceEqual(Magic))
        {
            throw new InvalidDataException("The embedded IDF table is not in PMIDF1 format; regenerate models/jieba/idf.bin.br (see IdfTableTests).");
        }
        int count = BinaryPrimitives.ReadInt32LittleEndian(span[6..]);
        int valueCount = BinaryPrimitives.ReadInt32LittleEndian(span[10..]);
        int pos = 14;
        var values = new double[valueCount];
        for (int i = 0; i < valueCount; i++, pos += 8)
        {
            values[i] = BinaryPrimitives.ReadDoubleLittleEndian(span[pos..]);
        }
        var idf = new Dictionary<string, double>(count, StringComparer.Ordinal);
        var word = new char[64];
        int length = 0;
        for (int n = 0; n < count; n++)
        {
            int shared = ReadVarint(span, ref pos);
            int suffix = ReadVarint(span, ref pos);
            length = shared + suffix;
            if (length > word.Length)
            {
                Array.Resize(ref word, Math.Max(length, word.Length * 2));
            }
            for (int i = shared; i < length; i++, pos += 2)
            {
                word[i] = (char)BinaryPrimitives.ReadUInt16LittleEndian(span[pos..]);
            }
            idf.Add(new string(word, 0, length), values[ReadVarint(span, ref pos)]);
        }
        return new IdfTable(idf);
    }

    private static IdfTable LoadEmbedded() => ReadBinary(EmbeddedData.ReadAllBytes(EmbeddedFile));

    private static double ComputeMedian(Dictionary<string, double> idf)
    {
        if (idf.Count == 0)
        {
            // Python would fail with an IndexError on an empty table; every word then gets 0.
            return 0.0;
        }
        var values = idf.Values.ToArray();
        Array.Sort(values);
        return values[values.Length / 2];
    }

    private static void WriteVarint(Stream s, int value)
    {
        uint v = (uint)value;
        while (v >= 0x80)
        {
            s.WriteByte((byte)(v | 0x80));
            v >>= 7;
        }
        s.WriteByte((byte)v);
    }

    private static int ReadVarint(ReadOnlySpan<byte> span, ref int pos)
    {
        int result = 0, shift = 0;
        byte b;
        do
        {
            b = span[pos++];
            result |= (b & 0x7F) << shift;
            shift += 7;
        }
        while (b >= 0x80);
        return result;
    }
}
