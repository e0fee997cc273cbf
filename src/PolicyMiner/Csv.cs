using System.Text;

namespace PolicyMiner;

/// <summary>
/// The one RFC 4180 CSV reader/writer of the stages (coded and labeled tables, documents.csv, network tables): quoted fields with embedded commas,
/// quotes and newlines; UTF-8 with or without BOM; output cells are formula-injection safe.
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
