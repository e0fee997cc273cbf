using System.Text;
using PolicyMiner.Classification;
using PolicyMiner.Segmentation;
using PolicyMiner.Tests.Cli;

namespace PolicyMiner.Tests.Classification;

public class ClassifierTests
{
    private static string Sample => Path.Combine(SharedData.RepoRoot, "corpora", "sample", "regulations");
    private static string DefaultCodebook => Path.Combine(SharedData.RepoRoot, "corpora", "codebook.json");

    private static string TempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "pm-ml-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static TrainingSet SampleSet() =>
        TrainingSet.Join(InputDocuments.Read(Path.Combine(Sample, "docs")),
            CodedLabels.Read([Path.Combine(Sample, "labels.csv")], Codebook.Load(DefaultCodebook), []));

    private static readonly TrainOptions Fast = new() { CrossValidate = false, Seed = 7 };

    [Fact]
    public void Card_without_svm_calibration_is_reported_as_damaged()
    {
        var dir = TempDir();
        ClassifierModel.Train(SampleSet(), Fast, Segmenters.Jieba).Save(dir);
        var cardPath = Path.Combine(dir, "model-card.json");
        var card = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(cardPath))!;
        card["tasks"]![0]!.AsObject().Remove("calibration");
        File.WriteAllText(cardPath, card.ToJsonString());
        var ex = Assert.Throws<ModelLoadException>(() => ClassifierModel.Load(dir, Segmenters.Jieba));
        Assert.Contains("lacks a calibration", ex.Message, StringComparison.Ordinal);
        Assert.Contains("retrain", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_multilabel_trainer_is_named_with_the_known_ones()
    {
        var ex = Assert.Throws<ArgumentException>(() => ClassifierModel.Train(SampleSet(), Fast with { MultilabelTrainer = "svm" }, Segmenters.Jieba));
        Assert.Contains("'svm'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("linear-svm, lbfgs-logistic", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Multilabel_model_codes_fields_of_the_sample_and_reads_both_coders()
    {
        var set = SampleSet();
        Assert.Equal(48, set.Examples.Count);
        Assert.Equal(("coder_a", "coder_b"), set.CoderColumns["fields"]);
        var model = ClassifierModel.Train(set, Fast, Segmenters.Jieba);
        Assert.Equal("multilabel", model.Card.Tasks.Single().Kind);
        Assert.Equal(9, model.Card.Tasks[0].Thresholds!.Count);
        // Resubstitution on the training documents: a working model reproduces most codes it was trained on.
        var metrics = Evaluation.Test(model, set)["fields"];
        Assert.True(metrics.MicroF1 > 0.8, $"micro-F1 on training documents {metrics.MicroF1}");
        Assert.NotNull(metrics.HumanAgreement);
        Assert.InRange(metrics.HumanAgreement!.Kappa, 0.5, 1.0);
    }

    [Theory]
    [InlineData("linear-svm")]
    [InlineData("lbfgs-logistic")]
    public void Saved_model_loads_and_predicts_exactly_the_same(string multilabelTrainer)
    {
        var set = SampleSet();
        var model = ClassifierModel.Train(set, Fast with { MultilabelTrainer = multilabelTrainer }, Segmenters.Jieba);
        Assert.Equal(multilabelTrainer, model.Card.Tasks[0].Trainer);
        // The SVM's probabilities are Platt-scaled per label; the card carries A, B for every label.
        Assert.Equal(multilabelTrainer == "linear-svm" ? 9 : 0, model.Card.Tasks[0].Calibration?.Count ?? 0);
        var dir = TempDir();
        model.Save(dir);
        var loaded = ClassifierModel.Load(dir, Segmenters.Jieba);
        var docs = InputDocuments.Read(Path.Combine(Sample, "new")).Documents;
        var before = model.Classify(docs);
        var after = loaded.Classify(docs);
        for (var i = 0; i < docs.Count; i++)
        {
            Assert.Equal(before[i].Tasks["fields"].Labels, after[i].Tasks["fields"].Labels);
            Assert.Equal(before[i].Tasks["fields"].Probabilities, after[i].Tasks["fields"].Probabilities);
        }
    }

    [Fact]
    public void Model_zip_from_another_run_is_rejected_with_a_clear_message()
    {
        var dir = TempDir();
        ClassifierModel.Train(SampleSet(), Fast, Segmenters.Jieba).Save(dir);
        var zip = Path.Combine(dir, "model.zip");
        var bytes = File.ReadAllBytes(zip);
        bytes[^10] ^= 0xFF;
        File.WriteAllBytes(zip, bytes);
        var ex = Assert.Throws<ModelLoadException>(() => ClassifierModel.Load(dir, Segmenters.Jieba));
        Assert.Contains("does not match model-card.json", ex.Message, StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(dir, "model-card.json"), "{ not json");
        var damaged = Assert.Throws<ModelLoadException>(() => ClassifierModel.Load(dir, Segmenters.Jieba));
        Assert.Contains("damaged", damaged.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Multiclass_english_task_trains_from_a_csv_without_codebook()
    {
        var bills = Path.Combine(SharedData.Root, "corpora", "us-congress-bills", "labels.csv");
        var lines = File.ReadAllLines(bills);
        var keep = new[] { "foreign_trade", "health", "defense", "education" };
        var dir = TempDir();
        var subset = Path.Combine(dir, "bills.csv");
        File.WriteAllLines(subset, lines.Take(1).Concat(lines.Skip(1).Where(l => keep.Any(k => l.EndsWith("," + k, StringComparison.Ordinal))).Take(160)));
        var set = TrainingSet.Join(InputDocuments.Read(subset), CodedLabels.Read([subset], null, [TaskSpec.Parse("topic")]));
        var cv = ClassifierModel.CrossValidate(set, new TrainOptions { Folds = 3, Seed = 1, Trainers = ["ova-linearsvm"] }, Segmenters.Jieba);
        var m = cv.Metrics["topic"];
        Assert.Equal(3, m.Folds);
        Assert.Equal(160, m.Documents);
        Assert.True(m.MacroF1 > 0.6, $"CV macro-F1 {m.MacroF1}");
        Assert.Equal(4, m.Confusion!.Labels.Count);
    }

    [Fact]
    public void Same_seed_gives_identical_labeled_csv_through_the_cli()
    {
        string Run()
        {
            var dir = TempDir();
            var model = Path.Combine(dir, "m");
            var train = CliRunner.Run("", "train", "--docs", Path.Combine(Sample, "docs"), "--labels", Path.Combine(Sample, "labels.csv"),
                "--codebook", DefaultCodebook, "--model", model, "--seed", "3", "--no-cv");
            Assert.True(train.ExitCode == 0, train.Stderr);
            var output = Path.Combine(dir, "labeled.csv");
            var classify = CliRunner.Run("", "classify", "--model", model, "--docs", Path.Combine(Sample, "new"), "-o", output);
            Assert.True(classify.ExitCode == 0, classify.Stderr);
            Assert.True(File.Exists(Path.Combine(dir, "review.csv")));
            return output;
        }
        var a = File.ReadAllBytes(Run());
        var b = File.ReadAllBytes(Run());
        Assert.Equal(a, b);
        Assert.Equal([0xEF, 0xBB, 0xBF], a[..3]);
        var header = Encoding.UTF8.GetString(a[3..]).Split("\r\n")[0];
        Assert.StartsWith("doc_id,file,title,date,fields,fields_economic,fields_economic_prob,", header, StringComparison.Ordinal);
        Assert.EndsWith(",needs_review,uncertainty", header, StringComparison.Ordinal);
    }

    [Fact]
    public void Retraining_records_what_changed_against_the_previous_card()
    {
        var dir = TempDir();
        var model = Path.Combine(dir, "m");
        var all = File.ReadAllLines(Path.Combine(Sample, "labels.csv"));
        var first = Path.Combine(dir, "old.csv");
        var second = Path.Combine(dir, "new.csv");
        File.WriteAllLines(first, all.Take(37));
        File.WriteAllLines(second, all.Take(1).Concat(all.Skip(37)));
        string[] common = ["--docs", Path.Combine(Sample, "docs"), "--codebook", DefaultCodebook, "--model", model, "--no-cv"];
        Assert.Equal(0, CliRunner.Run("", ["train", "--labels", first, .. common]).ExitCode);
        var again = CliRunner.Run("", ["train", "--labels", first, "--labels", second, .. common]);
        Assert.Equal(0, again.ExitCode);
        var card = ClassifierModel.TryReadCard(model)!;
        Assert.Equal(48, card.TrainingDocuments);
        Assert.Contains(card.Changes, c => c.Contains("training documents: 36 → 48", StringComparison.Ordinal));
    }

    [Fact]
    public void Evaluate_a_trained_model_on_a_coded_file_prints_the_table_and_writes_json()
    {
        var dir = TempDir();
        var model = Path.Combine(dir, "m");
        Assert.Equal(0, CliRunner.Run("", "train", "--docs", Path.Combine(Sample, "docs"), "--labels", Path.Combine(Sample, "labels.csv"),
            "--codebook", DefaultCodebook, "--model", model, "--no-cv").ExitCode);
        var json = Path.Combine(dir, "eval.json");
        var r = CliRunner.Run("", "evaluate", "--model", model, "--docs", Path.Combine(Sample, "docs"), "--labels", Path.Combine(Sample, "labels.csv"), "-o", json);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("macro-F1", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("Krippendorff's α", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("\"macro_f1\"", File.ReadAllText(json), StringComparison.Ordinal);
    }

    [Fact]
    public void Seed_words_cold_start_codes_without_a_model()
    {
        var dir = TempDir();
        var output = Path.Combine(dir, "cold.csv");
        var r = CliRunner.Run("", "classify", "--seed-words", "--codebook", DefaultCodebook, "--docs", Path.Combine(Sample, "new"), "-o", output);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("weak baseline", r.Stderr, StringComparison.Ordinal);
        // Its review file is named after it, so it never overwrites review.csv of a labeled.csv in the same folder.
        Assert.True(File.Exists(Path.Combine(dir, "cold.review.csv")));
        Assert.False(File.Exists(Path.Combine(dir, "review.csv")));
        var rows = File.ReadAllLines(output);
        Assert.Equal(13, rows.Length);
        Assert.Contains("type_prob", rows[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Classify_with_a_missing_model_folder_says_what_to_do()
    {
        var r = CliRunner.Run("", "classify", "--model", "/nonexistent/model", "--docs", Path.Combine(Sample, "new"), "-o", Path.Combine(TempDir(), "x.csv"));
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("model folder not found", r.Stderr, StringComparison.Ordinal);
    }
}
