using System.Globalization;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace PolicyMiner.Tests.Classification;

/// <summary>
/// Reads and edits a coding sheet's first worksheet with OpenXml, as a coder's spreadsheet program would:
/// cells are addressed by doc_id and column name.
/// </summary>
internal sealed class SheetEditor : IDisposable
{
    private readonly SpreadsheetDocument _doc;
    private readonly Worksheet _sheet;
    private readonly string[] _shared;

    public SheetEditor(string path, bool editable = true)
    {
        _doc = SpreadsheetDocument.Open(path, editable);
        var book = _doc.WorkbookPart!;
        var first = book.Workbook.Sheets!.Elements<Sheet>().First();
        _sheet = ((WorksheetPart)book.GetPartById(first.Id!.Value!)).Worksheet;
        _shared = book.SharedStringTablePart?.SharedStringTable.Elements<SharedStringItem>().Select(s => s.InnerText).ToArray() ?? [];
        Header = Rows().First().Elements<Cell>().Select(Text).ToList();
    }

    public SpreadsheetDocument Document => _doc;

    public Worksheet Worksheet => _sheet;

    public List<string> Header { get; }

    public IEnumerable<Row> Rows() => _sheet.GetFirstChild<SheetData>()!.Elements<Row>();

    /// <summary>The letter of a column by its header name.</summary>
    public string Letter(string column)
    {
        var i = Header.IndexOf(column);
        Assert.True(i >= 0, $"no column {column}; columns: {string.Join(", ", Header)}");
        return PolicyMiner.Export.DatasetXlsx.ColumnLetters(i);
    }

    /// <summary>The sheet row number of a document.</summary>
    public uint RowOf(string docId) =>
        Rows().Skip(1).First(r => Get(r.RowIndex!.Value, "doc_id") == docId).RowIndex!.Value;

    public string Get(uint row, string column)
    {
        var reference = Letter(column) + row.ToString(CultureInfo.InvariantCulture);
        var cell = Rows().First(r => r.RowIndex!.Value == row).Elements<Cell>().FirstOrDefault(c => c.CellReference?.Value == reference);
        return cell is null ? "" : Text(cell);
    }

    public string Get(string docId, string column) => Get(RowOf(docId), column);

    /// <summary>Sets a cell as the coder would: text as a string, 0/1 as a number.</summary>
    public void Set(string docId, string column, string value)
    {
        var row = Rows().First(r => r.RowIndex!.Value == RowOf(docId));
        var reference = Letter(column) + row.RowIndex!.Value.ToString(CultureInfo.InvariantCulture);
        var cell = row.Elements<Cell>().FirstOrDefault(c => c.CellReference?.Value == reference);
        if (cell is null)
        {
            // Cells must stay in column order; insert before the first cell to the right.
            cell = new Cell { CellReference = reference };
            var after = row.Elements<Cell>().FirstOrDefault(c => string.CompareOrdinal(Pad(c.CellReference!.Value!), Pad(reference)) > 0);
            if (after is null)
            {
                row.AppendChild(cell);
            }
            else
            {
                row.InsertBefore(cell, after);
            }
        }
        cell.RemoveAllChildren();
        if (value is "0" or "1")
        {
            cell.DataType = CellValues.Number;
            cell.CellValue = new CellValue(value);
        }
        else
        {
            cell.DataType = CellValues.InlineString;
            cell.InlineString = new InlineString(new Text(value));
        }
    }

    public void Dispose()
    {
        if (_doc.CanSave)
        {
            _sheet.Save();
        }
        _doc.Dispose();
    }

    // "B7" vs "AA7": compare column letters by length first.
    private static string Pad(string reference)
    {
        var letters = new string(reference.TakeWhile(char.IsLetter).ToArray());
        return letters.PadLeft(4, ' ');
    }

    private string Text(Cell cell)
    {
        var value = cell.CellValue?.Text ?? "";
        if (cell.DataType?.Value == CellValues.SharedString)
        {
            return _shared[int.Parse(value, CultureInfo.InvariantCulture)];
        }
        return cell.DataType?.Value == CellValues.InlineString ? cell.InlineString?.InnerText ?? "" : value;
    }
}
