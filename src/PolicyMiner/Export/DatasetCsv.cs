using CsvHelper;

namespace PolicyMiner.Export;

/// <summary>
/// Writes the dataset as CSV: UTF-8 with BOM (Excel and R's <c>read.csv(fileEncoding = "UTF-8-BOM")</c> read
/// Chinese correctly), RFC 4180 (comma, CRLF, quotes doubled), text cells starting with = + - @ tab or CR
/// prefixed with an apostrophe so a spreadsheet shows them as text instead of running them as formulas
/// (OWASP CSV injection). Numbers are never prefixed; they are written in the invariant culture.
/// </summary>
public static class DatasetCsv
{
    /// <summary>Writes <paramref name="dataset"/> to <paramref name="path"/> atomically.</summary>
    public static void Write(string path, ExportDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        AtomicFile.WriteStream(path, stream => Write(stream, dataset));
    }

    /// <summary>Writes <paramref name="dataset"/> to a stream (left open).</summary>
    public static void Write(Stream stream, ExportDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var options = new CsvWriterOptions
        {
            WriteByteOrderMark = true,
            Injection = CsvInjection.Escape,
            NewLine = "\r\n",
        };
        using var csv = CsvWriter.Create(stream, options, true);
        csv.WriteHeader(dataset.Columns.Select(c => c.Name).ToArray());
        foreach (var row in dataset.Rows)
        {
            for (var i = 0; i < row.Count; i++)
            {
                switch (row[i])
                {
                    case null:
                        csv.WriteField("");
                        break;
                    case string s:
                        csv.WriteField(s);
                        break;
                    case long l:
                        csv.WriteField(l, default);
                        break;
                    case double d:
                        csv.WriteField(d, "R");
                        break;
                    default:
                        csv.WriteField(ExportDataset.FormatCell(row[i]));
                        break;
                }
            }
            csv.EndRecord();
        }
        csv.Flush();
    }
}
