using PolicyMiner.Classification;
using PolicyMiner.Segmentation;

namespace PolicyMiner.Tests.Classification;

/// <summary><c>evaluate --model</c> on documents the model was trained on (issue 18): the card's content hashes tell them apart.</summary>
public class TrainingOverlapTests
{
    private static string Sample => Path.Combine(SharedData.RepoRoot, "corpora", "sample", "regulations");

    private static readonly TrainOptions Fast = new() { CrossValidate = false, Seed = 7 };

    // The 48 coded sample regulations; the model is trained on the first 36 (sorted by doc_id), 12 are never seen.
    private static (TrainingSet All, TrainingSet Trained, TrainingSet Unseen, ClassifierModel Model) Setup()
    {
        var all = TrainingSet.Join(InputDocuments.Read(Path.Combine(Sample, "docs")),
            CodedLabels.Read([Path.Combine(Sample, "labels.csv")], Codebook.Load(Path.Combine(SharedData.RepoRoot, "corpora", "codebook.json")), []));
        var trained = all with { Examples = all.Examples.Take(36).ToArray() };
        var unseen = all with { Examples = all.Examples.Skip(36).ToArray() };
        return (all, trained, unseen, ClassifierModel.Train(trained, Fast, Segmenters.Jieba));
    }

    [Fact]
    public void Training_documents_are_excluded_or_flagged_and_the_mode_says_so()
    {
        var (all, trained, unseen, model) = Setup();
        Assert.Equal(36, model.Card.TrainingDocumentHashes!.Count);

        var mixed = Evaluation.TestHeldOut(model, all);
        Assert.Equal("test (36 of 48 documents were in the training data: excluded)", mixed.Mode);
        Assert.Equal(12, mixed.Documents);
        Assert.Equal(trained.Examples.Select(e => e.Document.Id), mixed.InTrainingData);
        // Excluded means the figures are exactly those of the 12 unseen documents.
        Assert.Equal(Evaluation.Test(model, unseen)["fields"].MacroF1, mixed.Metrics["fields"].MacroF1);

        var flagged = Evaluation.TestHeldOut(model, all, includeTrainingDocuments: true);
        Assert.Equal("test (36 of 48 documents were in the training data: flagged, included in the figures)", flagged.Mode);
        Assert.Equal(48, flagged.Documents);

        Assert.Equal("resubstitution (all 36 documents were in the training data)", Evaluation.TestHeldOut(model, trained).Mode);
        var clean = Evaluation.TestHeldOut(model, unseen);
        Assert.Equal("test", clean.Mode);
        Assert.Empty(clean.InTrainingData);
    }

    [Fact]
    public void Old_card_without_hashes_loads_and_recognises_only_its_exact_training_set()
    {
        var (all, trained, _, model) = Setup();
        var dir = Path.Combine(Path.GetTempPath(), "pm-overlap-" + Guid.NewGuid().ToString("N"));
        model.Save(dir);
        var cardPath = Path.Combine(dir, "model-card.json");
        var card = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(cardPath))!;
        Assert.True(card.AsObject().Remove("training_document_hashes"));
        File.WriteAllText(cardPath, card.ToJsonString());

        var loaded = ClassifierModel.Load(dir, Segmenters.Jieba);
        Assert.Null(loaded.Card.TrainingDocumentHashes);
        Assert.Equal("resubstitution (all 36 documents and codes are the model's training data)", Evaluation.TestHeldOut(loaded, trained).Mode);
        Assert.StartsWith("test (the model card records no training-document hashes", Evaluation.TestHeldOut(loaded, all).Mode, StringComparison.Ordinal);
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public void Content_hash_ignores_whitespace_but_not_text()
    {
        var doc = InputDocuments.Read(Path.Combine(Sample, "docs")).Documents[0];
        var rewrapped = doc with { Id = "other", Text = doc.Text.Replace("\n", "\r\n  ", StringComparison.Ordinal) };
        Assert.Equal(16, Evaluation.ContentHash(doc).Length);
        Assert.Equal(Evaluation.ContentHash(doc), Evaluation.ContentHash(rewrapped));
        Assert.NotEqual(Evaluation.ContentHash(doc), Evaluation.ContentHash(doc with { Text = doc.Text + "。" }));
        Assert.NotEqual(Evaluation.ContentHash(doc), Evaluation.ContentHash(doc with { Title = "另一个标题" }));
    }
}

/// <summary>The same through the command line: evaluation.json's <c>mode</c> and stderr say resubstitution.</summary>
public class EvaluateTrainingDocumentsCliTests
{
    [Fact]
    public void Evaluate_model_on_its_own_training_documents_reports_resubstitution()
    {
        var sample = Path.Combine(SharedData.RepoRoot, "corpora", "sample", "regulations");
        var dir = Path.Combine(Path.GetTempPath(), "pm-evalcli-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var model = Path.Combine(dir, "model");
        var docs = Path.Combine(sample, "docs");
        var labels = Path.Combine(sample, "labels.csv");
        var codebook = Path.Combine(SharedData.RepoRoot, "corpora", "codebook.json");
        var train = Cli.CliRunner.Run("", "train", "--docs", docs, "--labels", labels, "--codebook", codebook, "--model", model, "--no-cv");
        Assert.True(train.ExitCode == 0, train.Stderr);
        var json = Path.Combine(dir, "evaluation.json");
        var evaluate = Cli.CliRunner.Run("", "evaluate", "--model", model, "--docs", docs, "--labels", labels, "-o", json);
        Assert.True(evaluate.ExitCode == 0, evaluate.Stderr);
        Assert.Contains("resubstitution (all 48 documents were in the training data)", evaluate.Stderr, StringComparison.Ordinal);
        Assert.Contains("flatter", evaluate.Stderr, StringComparison.Ordinal);
        var report = System.Text.Json.JsonDocument.Parse(File.ReadAllText(json)).RootElement;
        Assert.Equal("resubstitution (all 48 documents were in the training data)", report.GetProperty("mode").GetString());
        Assert.Equal(48, report.GetProperty("in_training_data").GetArrayLength());
        Directory.Delete(dir, recursive: true);
    }
}
