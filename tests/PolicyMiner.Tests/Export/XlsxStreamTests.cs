using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using DocumentFormat.OpenXml.Validation;
using PolicyMiner.Export;

namespace PolicyMiner.Tests.Export;

/// <summary>
/// dataset.xlsx's data sheet is written by hand with XmlWriter straight into the zip (issue 15, memory in corpus
/// size): its XML must be the XML the OpenXML SDK's OpenXmlWriter writes for the same rows.
/// </summary>
public class XlsxStreamTests
{
    [Fact]
    public void Streamed_data_sheet_is_the_xml_the_sdk_writes_for_the_same_rows()
    {
        var ds = ExportFixture.Build();
        // The fixture's real rows plus the cells a PDF can bring: markup characters, line breaks, a control
        // character, leading/trailing spaces, a text over Excel's 32,767 characters, a non-finite number.
        var rows = DatasetXlsx.DataRows(ds).ToList();
        rows.Add(["a < b & c > d \"q\" 'x'", "line\r\nbreak\nand\rcr", "bell\u0007tab\t", "  padded  ", new string('长', 40_000), double.NaN, 3.5, -2L, null, ""]);
        var streamed = new MemoryStream();
        DatasetXlsx.WriteDataSheet(streamed, rows);

        var package = new MemoryStream();
        using (var doc = SpreadsheetDocument.Create(package, DocumentFormat.OpenXml.SpreadsheetDocumentType.Workbook))
        {
            var book = doc.AddWorkbookPart();
            book.Workbook = new Workbook();
            var sheets = book.Workbook.AppendChild(new Sheets());
            var part = DatasetXlsx.AddSheet(book, sheets, 1, "data", rows);
            using var sdk = new MemoryStream();
            using (var s = part.GetStream(FileMode.Open, FileAccess.Read))
            {
                s.CopyTo(sdk);
            }
            Assert.Equal(System.Text.Encoding.UTF8.GetString(sdk.ToArray()), System.Text.Encoding.UTF8.GetString(streamed.ToArray()));
        }
    }

    [Fact]
    public void Streamed_workbook_validates_and_reads_back_every_cell()
    {
        var ds = ExportFixture.Build();
        var path = Path.Combine(ExportFixture.TempDir(), "dataset.xlsx");
        DatasetXlsx.Write(path, ds);
        using var doc = SpreadsheetDocument.Open(path, false);
        Assert.Empty(new OpenXmlValidator().Validate(doc));
        var sheet = doc.WorkbookPart!.WorksheetParts.First().Worksheet;
        var cells = sheet.Descendants<Cell>().ToDictionary(c => c.CellReference!.Value!, StringComparer.Ordinal);
        var rows = DatasetXlsx.DataRows(ds).ToList();
        for (var r = 0; r < rows.Count; r++)
        {
            for (var c = 0; c < rows[r].Count; c++)
            {
                var reference = DatasetXlsx.ColumnLetters(c) + (r + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
                var expected = rows[r][c] switch
                {
                    null => null,
                    DatasetXlsx.DateCell d => (d.Date.DayNumber - new DateOnly(1899, 12, 30).DayNumber).ToString(System.Globalization.CultureInfo.InvariantCulture),
                    var v => ExportDataset.FormatCell(v) is { Length: > 0 } t ? t : null,
                };
                var actual = cells.TryGetValue(reference, out var cell) ? cell.InlineString?.Text?.Text ?? cell.CellValue?.Text : null;
                Assert.Equal(expected, actual);
            }
        }
    }
}
