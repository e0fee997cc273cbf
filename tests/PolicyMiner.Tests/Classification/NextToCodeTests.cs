using System.Text;
using PolicyMiner.Classification;
using PolicyMiner.Segmentation;
using PolicyMiner.Tests.Cli;

namespace PolicyMiner.Tests.Classification;

/// <summary>
/// <c>next</c> (uncertainty sampling with a diversity term) and the learning curve, on the committed sample of 48
/// coded + 12 new State Council regulations (corpora/sample/regulations).
/// </summary>
public class NextToCodeTests
{
    private static string Sample => Path.Combine(SharedData.RepoRoot, "corpora", "sample", "regulations");
    private static string DefaultCodebook => Path.Combine(SharedData.RepoRoot, "corpora", "codebook.json");

    private static readonly Lazy<(TrainingSet Set, ClassifierModel Model)> Trained = new(() =>
    {
        var set = TrainingSet.Join(InputDocuments.Read(Path.Combine(Sample, "docs")),
            CodedLabels.Read([Path.Combine(Sample, "labels.csv")], Codebook.Load(DefaultCodebook), []));
        return (set, ClassifierModel.Train(set, new TrainOptions { CrossValidate = false, Seed = 7 }, Segmenters.Jieba));
    });

    private static IReadOnlyList<InputDocument> NewDocs => InputDocuments.Read(Path.Combine(Sample, "new")).Documents;

    private static string TempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "pm-next-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    [Fact]
    public void Already_coded_documents_are_never_picked()
    {
        var (set, model) = Trained.Value;
        var candidates = set.Examples.Select(e => e.Document).Concat(NewDocs).ToArray();
        var coded = set.Examples.Select(e => e.Document.Id).ToHashSet(StringComparer.Ordinal);
        var picks = NextToCode.Select(model, candidates, coded, new NextOptions { Count = 100 });
        Assert.Equal(NewDocs.Count, picks.Count);
        Assert.DoesNotContain(picks, p => coded.Contains(p.Document.Id));
        // The card lists the training documents, so they are recognised without a coded file too.
        Assert.Equal(48, model.Card.TrainingDocumentIds.Count);
        var among = NextToCode.FindCoded(candidates, model.Card, null);
        Assert.Equal(coded, among.InTraining.ToHashSet(StringComparer.Ordinal));
        // A training text under another id is recognised by its content hash.
        var renamed = set.Examples[0].Document with { Id = "copy-under-another-name" };
        Assert.Contains("copy-under-another-name", NextToCode.FindCoded([renamed], model.Card, null).InTraining);
    }

    [Fact]
    public void Without_diversity_the_most_uncertain_come_first()
    {
        var (_, model) = Trained.Value;
        var picks = NextToCode.Select(model, NewDocs, [], new NextOptions { Count = NewDocs.Count, Diversity = 0 });
        Assert.Equal(NewDocs.Count, picks.Count);
        Assert.Equal(Enumerable.Range(1, picks.Count), picks.Select(p => p.Rank));
        // Non-increasing uncertainty, and the first pick is the most uncertain of all candidates.
        for (var i = 1; i < picks.Count; i++)
        {
            Assert.True(picks[i].Uncertainty <= picks[i - 1].Uncertainty + 1e-9, $"rank {i + 1} more uncertain than rank {i}");
        }
        var all = model.Classify(NewDocs).Select(p => NextToCode.Uncertainty(model.Card, p, new NextOptions().Uncertainty)).Max();
        Assert.Equal(Math.Round(all, 4), picks[0].Uncertainty);
        Assert.True(picks[0].Uncertainty > picks[^1].Uncertainty, "the sample's new documents should differ in uncertainty");
    }

    [Fact]
    public void Copies_of_the_most_uncertain_document_are_picked_at_most_once()
    {
        var (_, model) = Trained.Value;
        var docs = NewDocs;
        var top = NextToCode.Select(model, docs, [], new NextOptions { Count = 1, Diversity = 0 })[0].Document;
        var copies = Enumerable.Range(1, 5).Select(i => top with { Id = $"{top.Id}-copy{i}" }).ToArray();
        var candidates = docs.Concat(copies).ToArray();
        var picks = NextToCode.Select(model, candidates, [], new NextOptions { Count = 6 });
        Assert.Single(picks, p => p.Document.Id.StartsWith(top.Id, StringComparison.Ordinal));
        // Pure uncertainty sampling would have taken all the copies first: the diversity term is what separates them.
        var greedy = NextToCode.Select(model, candidates, [], new NextOptions { Count = 6, Diversity = 0 });
        Assert.True(greedy.Count(p => p.Document.Id.StartsWith(top.Id, StringComparison.Ordinal)) > 1);
    }

    [Fact]
    public void Greedy_selection_trades_uncertainty_for_diversity_and_is_deterministic()
    {
        // Three documents: a and b identical directions, c orthogonal; a is the most uncertain.
        SparseVector[] vectors = [new([0], [1f]), new([0], [1f]), new([1], [1f])];
        double[] uncertainty = [0.9, 0.85, 0.5];
        Assert.Equal([0, 1, 2], NextToCode.Greedy(uncertainty, vectors, 3, 0, 1).Select(p => p.Index));
        // b is a copy of a (cosine 1 ≥ the duplicate threshold): with any λ > 0, c comes before it.
        var picked = NextToCode.Greedy(uncertainty, vectors, 3, 0.01, 1);
        Assert.Equal([0, 2, 1], picked.Select(p => p.Index));
        Assert.Equal(1.0, picked[2].Similarity, 6);
        Assert.Equal(0, picked[2].SimilarTo);
        // Ties: the same seed gives the same order.
        double[] tied = [0.5, 0.5, 0.5, 0.5];
        SparseVector[] distinct = [new([0], [1f]), new([1], [1f]), new([2], [1f]), new([3], [1f])];
        Assert.Equal(NextToCode.Greedy(tied, distinct, 4, 0.5, 3).Select(p => p.Index), NextToCode.Greedy(tied, distinct, 4, 0.5, 3).Select(p => p.Index));
    }

    [Fact]
    public void Tfidf_vectors_are_unit_length_and_identical_texts_have_cosine_one()
    {
        var v = NextToCode.TfIdfVectors(["土地 管理 土地\u001F土 地", "土地 管理 土地\u001F土 地", "航空 运输\u001F航"]);
        foreach (var x in v)
        {
            Assert.Equal(1.0, Math.Sqrt(x.Values.Sum(w => (double)w * w)), 5);
        }
        Assert.Equal(v[0].Indices, v[1].Indices);
        Assert.Empty(v[0].Indices.Intersect(v[2].Indices));
    }

    [Fact]
    public void Cli_next_writes_a_coding_sheet_in_rank_order_and_why_each_was_picked()
    {
        var dir = TempDir();
        var modelDir = Path.Combine(dir, "model");
        Trained.Value.Model.Save(modelDir);
        var sheet = Path.Combine(dir, "round2.csv");
        // A coded file marks one of the new documents as coded already.
        var coded = Path.Combine(dir, "coded.csv");
        var firstNew = NewDocs[0].Id;
        File.WriteAllText(coded, $"doc_id,fields\n{firstNew},economic\n", new UTF8Encoding(true));
        var r = CliRunner.Run("", "next", "--model", modelDir, "--docs", Path.Combine(Sample, "new"), "-n", "5", "-o", sheet, "--coded", coded);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("1 coded in --coded files", r.Stderr, StringComparison.Ordinal);
        var rows = File.ReadAllLines(sheet, Encoding.UTF8);
        Assert.StartsWith("doc_id,file,title,excerpt", rows[0], StringComparison.Ordinal);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, File.ReadAllBytes(sheet)[..3]);
        Assert.Equal(6, rows.Length);
        var picks = File.ReadAllLines(Path.Combine(dir, "round2.picks.csv"), Encoding.UTF8);
        Assert.Equal(6, picks.Length);
        Assert.StartsWith("rank,doc_id,file,title,uncertainty,similarity,similar_to,score,why", picks[0], StringComparison.Ordinal);
        // Same order in the sheet and the picks file; the coded document is not among them.
        var sheetIds = rows.Skip(1).Select(l => l.Split(',')[0]).ToArray();
        var pickIds = picks.Skip(1).Select(l => l.Split(',')[1]).ToArray();
        Assert.Equal(pickIds, sheetIds);
        Assert.DoesNotContain(firstNew, sheetIds);
        Assert.Equal(["1", "2", "3", "4", "5"], picks.Skip(1).Select(l => l.Split(',')[0]));

        // Round 2 → round 3: an .xlsx coding sheet with one row set to coded excludes that document from the next round.
        var round2 = Path.Combine(dir, "round2.xlsx");
        Assert.Equal(0, CliRunner.Run("", "next", "--model", modelDir, "--docs", Path.Combine(Sample, "new"), "-n", "3", "-o", round2).ExitCode);
        string codedId;
        using (var editor = new SheetEditor(round2))
        {
            codedId = editor.Get(2, "doc_id");
            editor.Set(codedId, "status", "coded");
            editor.Set(codedId, "coder", "test");
        }
        var r3 = CliRunner.Run("", "next", "--model", modelDir, "--docs", Path.Combine(Sample, "new"), "-n", "3", "-o", Path.Combine(dir, "round3.xlsx"), "--coded", round2);
        Assert.True(r3.ExitCode == 0, r3.Stderr);
        Assert.Contains("1 coded in --coded files", r3.Stderr, StringComparison.Ordinal);
        using (var round3 = new SheetEditor(Path.Combine(dir, "round3.xlsx"), editable: false))
        {
            var ids = round3.Rows().Skip(1).Select(row => round3.Get(row.RowIndex!.Value, "doc_id")).ToList();
            Assert.Equal(3, ids.Count);
            Assert.DoesNotContain(codedId, ids);
        }

        // The training folder itself: every document is in the model's card → nothing to pick, a clear error.
        var none = CliRunner.Run("", "next", "--model", modelDir, "--docs", Path.Combine(Sample, "docs"), "-o", Path.Combine(dir, "x.xlsx"));
        Assert.Equal(1, none.ExitCode);
        Assert.Contains("48 the model was trained on", none.Stderr, StringComparison.Ordinal);
        Assert.Contains("no document left to pick", none.Stderr, StringComparison.Ordinal);
        var badExt = CliRunner.Run("", "next", "--model", modelDir, "--docs", Path.Combine(Sample, "new"), "-o", Path.Combine(dir, "x.txt"));
        Assert.Equal(1, badExt.ExitCode);
        Assert.Contains(".xlsx", badExt.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Cli_next_without_a_model_ranks_by_the_shipped_fields_model()
    {
        // First round: nothing trained yet. The shipped model ranks the candidates (the sample's central policies: the
        // sample regulations are among its training documents); its tasks make the sheet.
        var dir = Directory.CreateTempSubdirectory("pm-next-shipped").FullName;
        var sheet = Path.Combine(dir, "round1.csv");
        var r = CliRunner.Run("", "next", "--docs", Path.Combine(SharedData.RepoRoot, "corpora", "sample", "joint-policies"), "-n", "4", "-o", sheet);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("no --model given: ranking by the shipped fields model", r.Stderr, StringComparison.Ordinal);
        var rows = File.ReadAllLines(sheet, Encoding.UTF8);
        Assert.Equal(5, rows.Length);
        Assert.Contains("fields", rows[0], StringComparison.Ordinal);
        Assert.DoesNotContain(",type", rows[0], StringComparison.Ordinal);
        var picks = File.ReadAllLines(Path.Combine(dir, "round1.picks.csv"), Encoding.UTF8);
        Assert.Equal(5, picks.Length);
    }

    [Fact]
    public void Learning_curve_has_four_growing_points_and_a_verdict()
    {
        var (set, _) = Trained.Value;
        var curve = LearningCurve.Compute(set, new TrainOptions { Seed = 7, Folds = 3 }, Segmenters.Jieba);
        Assert.Equal([0.25, 0.5, 0.75, 1.0], curve.Points.Select(p => p.Share));
        Assert.Equal(48, curve.Points[^1].Documents);
        for (var i = 1; i < curve.Points.Count; i++)
        {
            Assert.True(curve.Points[i].Documents > curve.Points[i - 1].Documents);
        }
        Assert.InRange(curve.Points[0].Documents, 10, 14);
        Assert.All(curve.Points, p => Assert.InRange(p.MacroF1["fields"], 0.0, 1.0));
        Assert.Equal(Math.Round(curve.Points[3].MacroF1["fields"] - curve.Points[2].MacroF1["fields"], 4), curve.LastGain, 4);
        Assert.Equal(curve.LastGain > LearningCurve.RisingGain, curve.StillRising);
        Assert.Contains(curve.StillRising ? "more coding is likely to help" : "unlikely to help", curve.Verdict, StringComparison.Ordinal);
    }

    [Fact]
    public void Cli_learning_curve_goes_into_evaluation_json_and_the_model_card_and_old_cards_still_load()
    {
        var dir = TempDir();
        var docs = Path.Combine(Sample, "docs");
        // The first 24 coded regulations of the sample, 2 folds: the curve's eight cross-validations stay quick.
        var labels = Path.Combine(dir, "labels24.csv");
        File.WriteAllLines(labels, File.ReadAllLines(Path.Combine(Sample, "labels.csv"), Encoding.UTF8).Take(25), new UTF8Encoding(true));
        var json = Path.Combine(dir, "evaluation.json");
        var r = CliRunner.Run("", "evaluate", "--docs", docs, "--labels", labels, "--codebook", DefaultCodebook, "--folds", "2", "--learning-curve", "-o", json);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("learning curve: 2-fold cross-validated macro-F1", r.Stderr, StringComparison.Ordinal);
        var curve = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(json))!["learning_curve"]!;
        Assert.Equal([6, 12, 18, 24], curve["points"]!.AsArray().Select(p => (int)p!["documents"]!));
        Assert.False(string.IsNullOrEmpty((string?)curve["verdict"]));

        var modelDir = Path.Combine(dir, "model");
        var t = CliRunner.Run("", "train", "--docs", docs, "--labels", labels, "--codebook", DefaultCodebook, "--folds", "2", "--learning-curve", "--model", modelDir);
        Assert.True(t.ExitCode == 0, t.Stderr);
        var cardPath = Path.Combine(modelDir, "model-card.json");
        var card = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(cardPath))!;
        Assert.Equal(4, card["learning_curve"]!["points"]!.AsArray().Count);
        // The 100 % point is the card's own cross-validation.
        Assert.Equal((double)card["tasks"]![0]!["metrics"]!["macro_f1"]!, (double)card["learning_curve"]!["points"]![3]!["macro_f1"]!["fields"]!, 4);
        Assert.Equal(24, card["training_document_ids"]!.AsArray().Count);
        // A card written before these fields existed loads (and next warns that it cannot tell the training documents).
        card.AsObject().Remove("learning_curve");
        card.AsObject().Remove("training_document_ids");
        File.WriteAllText(cardPath, card.ToJsonString());
        var old = ClassifierModel.Load(modelDir, Segmenters.Jieba);
        Assert.Null(old.Card.LearningCurve);
        Assert.Empty(old.Card.TrainingDocumentIds);
        var n = CliRunner.Run("", "next", "--model", modelDir, "--docs", Path.Combine(Sample, "new"), "-n", "3", "-o", Path.Combine(dir, "r.xlsx"));
        Assert.True(n.ExitCode == 0, n.Stderr);
        Assert.Contains("does not list its training documents", n.Stderr, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(dir, "r.xlsx")));
    }
}
