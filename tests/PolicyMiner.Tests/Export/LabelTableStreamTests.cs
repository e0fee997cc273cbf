using PolicyMiner.Export;

namespace PolicyMiner.Tests.Export;

/// <summary>
/// A labeled CSV with a UTF-8 byte-order mark (as classify writes it) is decoded and taken row by row as it is read
/// (issue 15, memory in corpus size): the rows must be those the whole-file reader gives.
/// </summary>
public class LabelTableStreamTests
{
    [Fact]
    public void Streamed_bom_csv_gives_the_rows_of_the_whole_file_reader()
    {
        // The fixture's real labeled CSV, written with a BOM, plus a quoted cell with a comma, a quote and a line break,
        // a multi-byte character at every position (buffer boundaries), and a blank row (left out by both readers).
        var dir = ExportFixture.TempDir();
        var path = Path.Combine(dir, "labeled.csv");
        var text = File.ReadAllText(ExportFixture.Labeled).TrimStart('\uFEFF').TrimEnd('\n', '\r');
        var header = text.Split('\n')[0].TrimEnd('\r');
        var extra = "zz-extra,\"a, \"\"b\"\"\nc\"" + new string(',', header.Count(c => c == ',') - 1) + "\n,,\n";
        var filler = string.Concat(Enumerable.Range(0, 3000).Select(i => $"\nzz{i:D5},{new string('长', i % 7)}é{new string(',', header.Count(c => c == ',') - 1)}"));
        File.WriteAllText(path, "\uFEFF" + text + "\n" + extra + filler.TrimStart('\n') + "\n", new System.Text.UTF8Encoding(false));

        var whole = CsvFile.Read(path, "--labels");
        var streamed = new List<(int, List<string>)>();
        var file = CsvFile.Read(path, "--labels", (_, line, cells) => streamed.Add((line, cells)));
        Assert.Empty(file.Rows);
        Assert.Equal(whole.Header, file.Header);
        Assert.Equal("utf-8-bom", file.Encoding.Name);
        Assert.Equal(whole.Rows.Count, streamed.Count);
        for (var i = 0; i < streamed.Count; i++)
        {
            Assert.Equal(whole.Rows[i].Line, streamed[i].Item1);
            Assert.Equal(whole.Rows[i].Cells, streamed[i].Item2);
        }
        var table = LabelTable.Read(path, allowFileKey: false);
        Assert.Equal(whole.Rows.Count, table.Count);
        Assert.Equal("a, \"b\"\nc", table.Row("zz-extra")![1]);
    }
}
