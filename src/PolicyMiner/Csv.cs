using System.Globalization;
using System.Text;
using PolicyMiner.Extraction.Text;

namespace PolicyMiner;

/// <summary>A CSV file read from disk: header (trimmed), non-blank data rows with the line each starts on, and the
/// encoding its bytes were decoded with.</summary>
/// <param name="Path">The path as given (for messages).</param>
/// <param name="Header">Column names, trimmed.</param>
/// <param name="Rows">Data rows (rows whose cells are all blank are left out) with their 1-based start line.</param>
/// <param name="Encoding">The detected encoding.</param>
/// <param name="UndecodableChars">Characters that could not be decoded (U+FFFD that were not in the file as UTF-8).</param>
internal sealed record CsvFile(string Path, List<string> Header, List<(int Line, List<string> Cells)> Rows, DetectedEncoding Encoding, int UndecodableChars)
{
    /// <summary>
    /// One line for the user when the file was not plain UTF-8 (null otherwise), e.g.
    /// <c>labels.csv: read as GB18030 (no BOM, not valid UTF-8)</c>. Excel on Chinese Windows saves "CSV (comma
    /// delimited)" in GBK, so this is the usual case for hand-coded sheets; a wrong guess shows up as odd labels.
    /// </summary>
    public string? EncodingNote
    {
        get
        {
            var why = Encoding.Name switch
            {
                "gb18030" => "GB18030 (no BOM, not valid UTF-8; GBK/GB2312 is how Excel saves CSV on Chinese Windows)",
                "big5" => "Big5 (no BOM, not valid UTF-8; Big5 gave more common Chinese characters than GB18030)",
                "utf-16le" or "utf-16be" => $"{Encoding.Name.ToUpperInvariant()} ({(Encoding.PreambleLength > 0 ? "byte-order mark" : "no BOM; every other byte is zero")})",
                _ => null,
            };
            if (why is null && UndecodableChars == 0)
            {
                return null;
            }
            var note = $"{Path}: read as {why ?? "UTF-8"}";
            if (UndecodableChars > 0)
            {
                note += string.Create(CultureInfo.InvariantCulture,
                    $"; {UndecodableChars} byte sequence(s) could not be decoded (shown as �). If names or labels look wrong, save the file again as \"CSV UTF-8\" (Excel: File → Save As → CSV UTF-8)");
            }
            return note;
        }
    }

    /// <summary>
    /// Reads a CSV file, detecting its encoding exactly as <c>extract</c> does for text files
    /// (<see cref="TextEncodingDetector"/>: BOM, valid UTF-8, then GB18030 vs Big5 by common characters), so a sheet
    /// saved by Excel in GBK, Big5, UTF-8 or "CSV UTF-8" (BOM, CRLF) reads the same. Throws
    /// <see cref="InvalidDataException"/> naming the file when it is missing or has no header row.
    /// </summary>
    public static CsvFile Read(string path, string what) => Read(path, what, null);

    /// <summary>
    /// As <see cref="Read(string, string)"/>; with <paramref name="onRow"/>, each data row goes to it as it is parsed
    /// with the header, and is not kept (<see cref="Rows"/> is then empty), and a file that starts with the UTF-8 byte-order mark (as
    /// classify writes labeled.csv) is decoded as it is read instead of whole (issue 15, memory in corpus size: a
    /// 100,000-row labeled CSV was 33 MB of bytes, 66 MB of text and a list of every row at once). The BOM settles
    /// the encoding, so the text is the same as <see cref="TextEncodingDetector.Decode"/> gives.
    /// </summary>
    internal static CsvFile Read(string path, string what, Action<List<string>, int, List<string>>? onRow)
    {
        if (!File.Exists(path))
        {
            throw new InvalidDataException(Directory.Exists(path)
                ? $"{what} {path}: is a folder; give a CSV file."
                : $"{what} {path}: file not found.");
        }
        TextReader reader;
        DetectedEncoding detected;
        var undecodable = 0;
        if (onRow is not null && StartsWithUtf8Bom(path))
        {
            var stream = File.OpenRead(path);
            stream.Position = 3;
            reader = new StreamReader(stream, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16);
            detected = TextEncodingDetector.Detect([0xEF, 0xBB, 0xBF]);
        }
        else
        {
            var bytes = File.ReadAllBytes(path);
            var text = TextEncodingDetector.Decode(bytes, out detected);
            if (detected.Name is not ("utf-8" or "utf-8-bom"))
            {
                foreach (var c in text)
                {
                    if (c == '\uFFFD')
                    {
                        undecodable++;
                    }
                }
            }
            reader = new StringReader(text);
        }
        List<string>? header = null;
        var rows = new List<(int, List<string>)>();
        var shared = new Dictionary<string, string>(StringComparer.Ordinal);
        using (reader)
        {
            foreach (var (line, cells) in Csv.Parse(reader))
            {
                if (header is null)
                {
                    header = cells.Select(h => h.Trim()).ToList();
                    CheckHeader(path, header);
                    continue;
                }
                if (!cells.All(string.IsNullOrWhiteSpace))
                {
                    // Short cells (0/1 indicators, probabilities like 0.0123, label codes) repeat from row to row: one
                    // string each instead of one per cell makes a 100,000-row labeled CSV several times smaller in memory.
                    for (var i = 0; i < cells.Count; i++)
                    {
                        if (cells[i].Length <= 12)
                        {
                            cells[i] = shared.TryGetValue(cells[i], out var same) ? same : shared[cells[i]] = cells[i];
                        }
                    }
                    if (onRow is null)
                    {
                        rows.Add((line, cells));
                    }
                    else
                    {
                        onRow(header, line, cells);
                    }
                }
            }
        }
        if (header is null)
        {
            throw new InvalidDataException($"{path}: the file is empty (expected a header row).");
        }
        return new CsvFile(path, header, rows, detected, undecodable);
    }

    private static bool StartsWithUtf8Bom(string path)
    {
        using var stream = File.OpenRead(path);
        Span<byte> head = stackalloc byte[3];
        return stream.ReadAtLeast(head, 3, throwOnEndOfStream: false) == 3 && head.SequenceEqual((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]);
    }

    // The header's problems, found as soon as it is read (rows may be handed on before the end of the file).
    private static void CheckHeader(string path, List<string> header)
    {
        if (header.All(h => h.Length == 0))
        {
            throw new InvalidDataException($"{path}: the file is empty (expected a header row).");
        }
        // Excel in many European locales saves "CSV" with ';', and "Unicode Text" with tabs: one column then holds the
        // whole header. Say so instead of "no doc_id column".
        if (header.Count == 1 && header[0].IndexOfAny([';', '\t']) is var at and >= 0)
        {
            var separator = header[0][at] == '\t' ? "tabs" : "';'";
            throw new InvalidDataException($"{path}: line 1 is one column, '{header[0]}': the file is separated by {separator}, not commas. Save it as \"CSV UTF-8 (comma delimited)\" (or CSV), or replace the separators with commas.");
        }
    }
}

/// <summary>
/// The one RFC 4180 CSV reader/writer of the stages (coded and labeled tables, documents.csv, network tables): quoted fields with embedded commas,
/// quotes and newlines; input in any encoding <see cref="CsvFile.Read(string, string)"/> detects; output cells are formula-injection safe.
/// </summary>
internal static class Csv
{
    private static readonly System.Buffers.SearchValues<char> NeedsQuotes = System.Buffers.SearchValues.Create(",\"\r\n");
    private static readonly System.Buffers.SearchValues<char> NumberChars = System.Buffers.SearchValues.Create("0123456789.");

    /// <summary>Parses CSV text into records, each with the 1-based line on which it starts.</summary>
    public static IEnumerable<(int Line, List<string> Cells)> Parse(TextReader reader)
    {
        var cells = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var startLine = 1;
        var inQuotes = false;
        var fieldStarted = false;
        int ch;
        while ((ch = reader.Read()) >= 0)
        {
            var c = (char)ch;
            if (inQuotes)
            {
                if (c == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        reader.Read();
                        field.Append('"');
                    }
                    else
                    {
                        inQuotes = false;
                    }
                }
                else
                {
                    if (c == '\n')
                    {
                        line++;
                    }
                    field.Append(c);
                }
                continue;
            }
            switch (c)
            {
                case '"' when !fieldStarted:
                    inQuotes = true;
                    fieldStarted = true;
                    break;
                case ',':
                    cells.Add(field.ToString());
                    field.Clear();
                    fieldStarted = false;
                    break;
                case '\r':
                    break;
                case '\n':
                    cells.Add(field.ToString());
                    field.Clear();
                    fieldStarted = false;
                    yield return (startLine, cells);
                    cells = [];
                    line++;
                    startLine = line;
                    break;
                default:
                    field.Append(c);
                    fieldStarted = true;
                    break;
            }
        }
        if (fieldStarted || field.Length > 0 || cells.Count > 0)
        {
            cells.Add(field.ToString());
            yield return (startLine, cells);
        }
    }

    /// <summary>Quotes a cell when needed and defuses spreadsheet formulas (a leading = + - @ tab or CR gets a ').</summary>
    public static string Escape(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' && !IsPlainNumber(value))
        {
            value = "'" + value;
        }
        return value.AsSpan().IndexOfAny(NeedsQuotes) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    // "-0.5" is a number, not a formula: keep it as is so numeric columns stay numeric.
    private static bool IsPlainNumber(string value) =>
        value.Length > 1 && value[0] is '-' or '+' && value.AsSpan(1).IndexOfAnyExcept(NumberChars) < 0 && char.IsAsciiDigit(value[1]);

    /// <summary>Writes one record.</summary>
    public static void WriteRow(TextWriter writer, IEnumerable<string> cells)
    {
        writer.Write(string.Join(',', cells.Select(Escape)));
        writer.Write("\r\n");
    }
}
