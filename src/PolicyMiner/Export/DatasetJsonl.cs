using System.Text.Encodings.Web;
using System.Text.Json;

namespace PolicyMiner.Export;

/// <summary>Writes the dataset as JSON Lines: one object per document, keys = column names in column order,
/// numbers as JSON numbers, empty cells as null, Chinese unescaped (UTF-8 without BOM, '\n' line ends).</summary>
public static class DatasetJsonl
{
    /// <summary>Writes <paramref name="dataset"/> to <paramref name="path"/> atomically.</summary>
    public static void Write(string path, ExportDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        AtomicFile.WriteStream(path, stream =>
        {
            var options = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = false };
            foreach (var row in dataset.Rows)
            {
                using (var json = new Utf8JsonWriter(stream, options))
                {
                    json.WriteStartObject();
                    for (var i = 0; i < row.Count; i++)
                    {
                        var name = dataset.Columns[i].Name;
                        switch (row[i])
                        {
                            case null:
                                json.WriteNull(name);
                                break;
                            case long l:
                                json.WriteNumber(name, l);
                                break;
                            case double d when double.IsFinite(d):
                                json.WriteNumber(name, d);
                                break;
                            case double:
                                json.WriteNull(name);
                                break;
                            default:
                                json.WriteString(name, ExportDataset.FormatCell(row[i]));
                                break;
                        }
                    }
                    json.WriteEndObject();
                }
                stream.WriteByte((byte)'\n');
            }
        });
    }
}
