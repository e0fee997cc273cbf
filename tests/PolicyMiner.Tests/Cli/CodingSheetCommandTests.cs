using System.Text.Json;
using PolicyMiner.Classification;
using PolicyMiner.Tests.Classification;

namespace PolicyMiner.Tests.Cli;

/// <summary>
/// The coding loop through the CLI on the committed sample regulations: classify writes a coding sheet, a coder's
/// edits are simulated with OpenXml, train reads back only the rows set to coded, and the model card says what changed.
/// </summary>
public class CodingSheetCommandTests
{
    private static string Sample => Path.Combine(SharedData.RepoRoot, "corpora", "sample", "regulations");
    private static string Docs => Path.Combine(Sample, "docs");
    private static string Codebook => Path.Combine(SharedData.RepoRoot, "corpora", "codebook.json");

    private static ModelCard Card(string model) =>
        JsonSerializer.Deserialize<ModelCard>(File.ReadAllText(Path.Combine(model, "model-card.json")), ModelCard.JsonOptions)!;

    private static CliRunner.Result Ok(params string[] args)
    {
        var r = CliRunner.Run("", args);
        Assert.True(r.ExitCode == 0, r.Stderr);
        return r;
    }

    /// <summary>Copies the sheet and sets status coded (coder "test") on <paramref name="coded"/>, flipping fields_economic on <paramref name="flip"/>.</summary>
    private static string Code(string sheet, string name, IEnumerable<string> coded, IEnumerable<string> flip)
    {
        var path = Path.Combine(Path.GetDirectoryName(sheet)!, name);
        File.Copy(sheet, path);
        using var editor = new SheetEditor(path);
        foreach (var id in flip)
        {
            editor.Set(id, "fields_economic", editor.Get(id, "fields_economic") == "1" ? "0" : "1");
        }
        foreach (var id in coded)
        {
            editor.Set(id, "coder", "test");
            editor.Set(id, "status", "coded");
        }
        return path;
    }

    [Fact]
    public void Retraining_uses_only_coded_sheet_rows_edits_change_the_model_and_the_card_lists_what_changed()
    {
        var dir = CodingSheetTests.TempDir();
        var model = Path.Combine(dir, "model");
        Ok("train", "--docs", Docs, "--labels", Path.Combine(Sample, "labels.csv"), "--codebook", Codebook, "--model", Path.Combine(dir, "m0"), "--no-cv");
        var classify = Ok("classify", "--model", Path.Combine(dir, "m0"), "--docs", Docs, "-o", Path.Combine(dir, "out", "labeled.csv"), "--sheet", "round1.xlsx");
        var sheet = Path.Combine(dir, "out", "round1.xlsx");
        Assert.True(File.Exists(sheet), classify.Stderr);

        // classify's labeled.csv is the machine's output, never labels.
        var refused = CliRunner.Run("", "train", "--docs", Docs, "--labels", Path.Combine(dir, "out", "labeled.csv"), "--codebook", Codebook, "--model", Path.Combine(dir, "bad"), "--no-cv");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("classify … --sheet", refused.Stderr, StringComparison.Ordinal);

        var ids = InputDocuments.Read(Docs).Documents.Select(d => d.Id).ToList();
        Assert.Equal(48, ids.Count);
        // The sheet shows the same evidence terms as labeled.csv.
        var labeled = InputDocuments.ReadCsvRows(Path.Combine(dir, "out", "labeled.csv"));
        var evidenceCol = labeled.Header.IndexOf("fields_evidence");
        using (var read = new SheetEditor(sheet, editable: false))
        {
            foreach (var (_, cells) in labeled.Rows.Take(5))
            {
                Assert.NotEqual("", cells[evidenceCol]);
                Assert.Equal(cells[evidenceCol], read.Get(cells[0], "fields_evidence"));
            }
        }
        var unedited = Code(sheet, "unedited.xlsx", ids.Take(30), []);
        var edited = Code(sheet, "edited.xlsx", ids.Take(30), ids.Take(10));
        var round2 = Code(sheet, "round2.xlsx", ids.Skip(30).Take(10), []);

        var first = Ok("train", "--docs", Docs, "--labels", unedited, "--codebook", Codebook, "--model", model, "--no-cv");
        Assert.Contains("coding sheet, 48 rows: 30 coded by people, 18 left as machine", first.Stderr, StringComparison.Ordinal);
        var card1 = Card(model);
        Assert.Equal(30, card1.TrainingDocuments);
        Assert.Equal(ids.Take(30), card1.TrainingCodes!.Keys);
        Ok("classify", "--model", model, "--docs", Path.Combine(Sample, "new"), "-o", Path.Combine(dir, "new1", "labeled.csv"));

        Ok("train", "--docs", Docs, "--labels", edited, "--codebook", Codebook, "--model", model, "--no-cv");
        var card2 = Card(model);
        Assert.Equal(30, card2.TrainingDocuments);
        Assert.NotEqual(card1.TrainingDataHash, card2.TrainingDataHash);
        Assert.NotEqual(card1.Tasks[0].LabelCounts["economic"], card2.Tasks[0].LabelCounts["economic"]);
        Assert.Contains(card2.Changes, c => c.StartsWith("codes changed: 10 (", StringComparison.Ordinal) && c.Contains(ids[0] + " fields: ", StringComparison.Ordinal));
        Ok("classify", "--model", model, "--docs", Path.Combine(Sample, "new"), "-o", Path.Combine(dir, "new2", "labeled.csv"));
        Assert.NotEqual(File.ReadAllText(Path.Combine(dir, "new1", "labeled.csv")), File.ReadAllText(Path.Combine(dir, "new2", "labeled.csv")));

        // evaluate reads the same sheet the same way: only the 30 coded rows are true labels.
        var evaluated = Ok("evaluate", "--model", model, "--docs", Docs, "--labels", edited, "-o", Path.Combine(dir, "evaluation.json"));
        Assert.Contains("coding sheet, 48 rows: 30 coded by people, 18 left as machine", evaluated.Stderr, StringComparison.Ordinal);

        // A second round: its sheet adds 10 more coded rows; rows still at machine in either sheet stay out.
        Ok("train", "--docs", Docs, "--labels", edited, "--labels", round2, "--codebook", Codebook, "--model", model, "--no-cv");
        var card3 = Card(model);
        Assert.Equal(40, card3.TrainingDocuments);
        Assert.Equal(
            [new LabelFileCard("edited.xlsx", "coding sheet", 48, 30, 18, 30), new LabelFileCard("round2.xlsx", "coding sheet", 48, 10, 38, 10)],
            card3.LabelSources!);
        Assert.Contains($"documents added: 10 ({string.Join(", ", ids.Skip(30).Take(10))})", card3.Changes);
        Assert.Contains(card3.Changes, c => c.StartsWith("label file round2.xlsx: new (coding sheet, 10 row(s) coded by people, 10 used)", StringComparison.Ordinal));
        Assert.DoesNotContain(card3.Changes, c => c.StartsWith("codes changed", StringComparison.Ordinal));
    }

    [Fact]
    public void Sheet_with_an_unsupported_extension_is_refused_before_any_work()
    {
        var r = CliRunner.Run("", "classify", "--seed-words", "--codebook", Codebook, "--docs", Path.Combine(Sample, "new"), "-o", Path.Combine(CodingSheetTests.TempDir(), "labeled.csv"), "--sheet", "coding.ods");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("--sheet", r.Stderr, StringComparison.Ordinal);
        Assert.Contains(".xlsx", r.Stderr, StringComparison.Ordinal);
    }
}
