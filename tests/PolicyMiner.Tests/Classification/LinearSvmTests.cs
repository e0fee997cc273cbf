using PolicyMiner.Classification;
using PolicyMiner.Segmentation;

namespace PolicyMiner.Tests.Classification;

public class LinearSvmTests
{
    private static string TempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "pm-svm-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>160 real US bill titles of four topics (../shared), as a CSV the tool reads.</summary>
    private static TrainingSet Bills(string dir)
    {
        var lines = File.ReadAllLines(Path.Combine(SharedData.Root, "corpora", "us-congress-bills", "labels.csv"));
        var keep = new[] { "foreign_trade", "health", "defense", "education" };
        var subset = Path.Combine(dir, "bills.csv");
        File.WriteAllLines(subset, lines.Take(1).Concat(lines.Skip(1).Where(l => keep.Any(k => l.EndsWith("," + k, StringComparison.Ordinal))).Take(160)));
        return TrainingSet.Join(InputDocuments.Read(subset), CodedLabels.Read([subset], null, [TaskSpec.Parse("topic")]));
    }

    /// <summary>The first 120 real citizen messages of three fields (../shared), title + text.</summary>
    private static TrainingSet Messages()
    {
        var path = Path.Combine(SharedData.Root, "corpora", "gov-messages", "labels.csv");
        var coded = CodedLabels.Read([path], null, [TaskSpec.Parse("field")]);
        var set = TrainingSet.Join(InputDocuments.Read(path, ["title", "text"]), coded);
        var keep = set.Examples.GroupBy(e => e.Row.Codes["field"][0]).OrderByDescending(g => g.Count()).Take(3).SelectMany(g => g.Take(40)).ToList();
        return set with { Examples = keep };
    }

    [Fact]
    public void Chinese_multiclass_model_with_character_features_round_trips()
    {
        var dir = TempDir();
        var set = Messages();
        var options = new TrainOptions { CrossValidate = false, Seed = 3, Trainers = [MlNetLearner.LinearSvm] };
        var model = ClassifierModel.Train(set, options, Segmenters.Jieba);
        Assert.True(model.Card.Options.CharNgrams);
        Assert.True(model.Card.Options.KeepNumbers);
        model.Save(dir);
        var loaded = ClassifierModel.Load(dir, Segmenters.Jieba);
        Assert.True(loaded.Card.Options.CharNgrams);
        var docs = set.Examples.Select(e => e.Document).ToArray();
        var before = model.Classify(docs);
        var after = loaded.Classify(docs);
        for (var i = 0; i < docs.Length; i++)
        {
            Assert.Equal(before[i].Tasks["field"].Probabilities, after[i].Tasks["field"].Probabilities);
        }
        // Without character features the model is another one (the block carries weight).
        var words = ClassifierModel.Train(set, options with { Features = new FeatureTokenizerOptions { CharNgrams = false } }, Segmenters.Jieba);
        Assert.False(words.Card.Options.CharNgrams);
        Assert.NotEqual(before.Select(p => p.Tasks["field"].Probabilities.Values.Max()), words.Classify(docs).Select(p => p.Tasks["field"].Probabilities.Values.Max()));
    }

    [Fact]
    public void Cards_written_before_character_and_number_features_read_as_off()
    {
        var options = System.Text.Json.JsonSerializer.Deserialize<ModelOptions>("{\"stopWords\":true,\"titleWeight\":3}", ModelCard.JsonOptions)!;
        Assert.False(options.CharNgrams);
        Assert.False(options.KeepNumbers);
    }

    [Fact]
    public void Platt_scaling_turns_margins_into_calibrated_probabilities()
    {
        // Margins of 200 documents: positives around +1, negatives around −1, overlapping; 1 in 4 positive.
        var rng = new Random(5);
        var truth = Enumerable.Range(0, 200).Select(i => i % 4 == 0).ToArray();
        var margins = truth.Select(t => (t ? 1.0 : -1.0) + (rng.NextDouble() - 0.5) * 2.4).ToArray();
        var (a, b) = DualCoordinateDescent.FitPlatt(margins, truth);
        Assert.True(a < 0, $"A = {a}");
        Assert.True(DualCoordinateDescent.PlattProbability(2, a, b) > 0.9);
        Assert.True(DualCoordinateDescent.PlattProbability(-2, a, b) < 0.1);
        // Calibrated: the mean probability matches the share of positives.
        var mean = margins.Average(m => DualCoordinateDescent.PlattProbability(m, a, b));
        Assert.InRange(mean, 0.22, 0.28);
    }

    [Fact]
    public void Dual_coordinate_descent_separates_a_toy_problem_and_class_weight_moves_the_boundary()
    {
        // Feature 0 = evidence for the positive class, feature 1 = evidence against; one ambiguous document (both).
        SparseVector V(float a, float b) => new([0, 1], [a, b]);
        var x = new[] { V(1, 0), V(0.9f, 0.1f), V(0, 1), V(0.1f, 0.9f), V(0.2f, 1), V(0.5f, 0.5f) };
        var positive = new[] { true, true, false, false, false, false };
        var (w, b) = DualCoordinateDescent.TrainBinary(x, positive, 2, 1, 1, seed: 1);
        Assert.True(w[0] > 0 && w[1] < 0, $"w = {w[0]}, {w[1]}");
        for (var i = 0; i < 5; i++)
        {
            var margin = b + w[0] * x[i].Values[0] + w[1] * x[i].Values[1];
            Assert.True(positive[i] ? margin > 0 : margin < 0, $"document {i}: margin {margin}");
        }
        // Weighting the (rarer) positives up pushes the ambiguous document's margin up.
        var ambiguous = (double)b + w[0] * 0.5 + w[1] * 0.5;
        var (w2, b2) = DualCoordinateDescent.TrainBinary(x, positive, 2, 10, 1, seed: 1);
        Assert.True(b2 + w2[0] * 0.5 + w2[1] * 0.5 > ambiguous);
    }

    [Fact]
    public void Temperature_is_fitted_to_out_of_fold_margins()
    {
        // Margins that are always right by a wide gap want a low temperature (confident), noisy ones a high one.
        var sure = Enumerable.Range(0, 20).Select(i => i % 2 == 0 ? new[] { 3.0, -3.0 } : [-3.0, 3.0]).ToArray();
        var truth = Enumerable.Range(0, 20).Select(i => i % 2).ToArray();
        var noisy = sure.Select((m, i) => i % 4 == 0 ? [m[1], m[0]] : m).ToArray();
        Assert.True(DualCoordinateDescent.FitTemperature(sure, truth) < DualCoordinateDescent.FitTemperature(noisy, truth));
    }

    [Fact]
    public void Sublinear_term_frequency_emits_round_3_times_1_plus_ln_tf_copies()
    {
        var tokens = Enumerable.Repeat("a", 1).Concat(Enumerable.Repeat("b", 2)).Concat(Enumerable.Repeat("c", 10)).Append("b").ToList();
        var damped = FeatureTokenizer.Sublinear(tokens);
        Assert.Equal(3, damped.Count(t => t == "a"));   // 3·(1 + ln 1) = 3
        Assert.Equal(6, damped.Count(t => t == "b"));   // 3 occurrences: 3·(1 + ln 3) = 6.30 → 6
        Assert.Equal(10, damped.Count(t => t == "c"));  // 3·(1 + ln 10) = 9.91 → 10
        Assert.Equal(["a", "b", "c"], damped.Distinct());
    }

    [Fact]
    public void Character_tokens_are_han_characters_and_bigrams_within_han_runs()
    {
        var tokenizer = new FeatureTokenizer(s => [s], new FeatureTokenizerOptions { SublinearTf = false, TitleWeight = 2 });
        Assert.Equal(["中", "国", "中国", "人", "民", "人民", "国"], tokenizer.CharTokens(null, "中国 GDP，人民12国"));
        Assert.Equal(["法", "法", "刑"], tokenizer.CharTokens("法", "刑"));
        // The feature text carries the words, the separator, then the characters; without the option, words only.
        var text = tokenizer.FeatureText(null, "生态 ecology");
        Assert.Equal("生态 ecology" + FeatureTokenizer.CharSeparator + "生 态 生态", text);
        Assert.Equal("生态 ecology", tokenizer.With(tokenizer.Options with { CharNgrams = false }).FeatureText(null, "生态 ecology"));
    }

    [Fact]
    public void Digit_runs_are_tokens_in_latin_script_documents_only()
    {
        var tokenizer = new FeatureTokenizer(s => [s], new FeatureTokenizerOptions { SublinearTf = false, CharNgrams = false });
        Assert.Equal(["amend", "title", "38", "code", "1986"], tokenizer.Tokenize(null, "To amend title 38 of the Code of 1986."));
        // Full-width digits are folded to ASCII first.
        Assert.Equal(["act", "act", "act", "2016"], tokenizer.Tokenize("Act", "of ２０１６")); // title 3×
        // A Chinese document: dates and document numbers are not topics.
        Assert.Equal(["国务院", "号"], tokenizer.Tokenize(null, "国务院〔2016〕12号"));
        Assert.Equal(["amend", "title", "code"], tokenizer.With(tokenizer.Options with { KeepNumbers = false }).Tokenize(null, "To amend title 38 of the Code of 1986."));
    }

    [Fact]
    public void Multiclass_svm_model_round_trips_and_is_byte_identical_for_the_same_seed()
    {
        var dir = TempDir();
        var set = Bills(dir);
        var options = new TrainOptions { CrossValidate = false, Seed = 5, Trainers = [MlNetLearner.LinearSvm] };
        var model = ClassifierModel.Train(set, options, Segmenters.Jieba);
        Assert.Equal("linear-svm", model.Card.Tasks[0].Trainer);
        Assert.NotNull(model.Card.Tasks[0].Temperature);
        model.Save(Path.Combine(dir, "a"));
        ClassifierModel.Train(set, options, Segmenters.Jieba).Save(Path.Combine(dir, "b"));
        Assert.Equal(File.ReadAllBytes(Path.Combine(dir, "a", "model.zip")), File.ReadAllBytes(Path.Combine(dir, "b", "model.zip")));

        var loaded = ClassifierModel.Load(Path.Combine(dir, "a"), Segmenters.Jieba);
        var docs = set.Examples.Select(e => e.Document).ToArray();
        var before = model.Classify(docs);
        var after = loaded.Classify(docs);
        var right = 0;
        for (var i = 0; i < docs.Length; i++)
        {
            Assert.Equal(before[i].Tasks["topic"].Labels, after[i].Tasks["topic"].Labels);
            Assert.Equal(before[i].Tasks["topic"].Probabilities, after[i].Tasks["topic"].Probabilities);
            Assert.InRange(after[i].Tasks["topic"].Probabilities.Values.Sum(), 0.99, 1.01);
            right += after[i].Tasks["topic"].Labels[0] == set.Examples[i].Row.Codes["topic"][0] ? 1 : 0;
        }
        Assert.True(right > 150, $"{right}/160 training titles reproduced");
    }

    [Fact]
    public void Cross_validated_svm_beats_chance_by_far_on_real_bill_titles()
    {
        var set = Bills(TempDir());
        var cv = ClassifierModel.CrossValidate(set, new TrainOptions { Folds = 3, Seed = 1, Trainers = [MlNetLearner.LinearSvm] }, Segmenters.Jieba);
        Assert.True(cv.Metrics["topic"].MacroF1 > 0.7, $"CV macro-F1 {cv.Metrics["topic"].MacroF1}");
    }

    [Fact]
    public void A_damaged_svm_entry_is_reported_as_damaged()
    {
        var dir = TempDir();
        var model = Path.Combine(dir, "m");
        ClassifierModel.Train(Bills(dir), new TrainOptions { CrossValidate = false, Seed = 5, Trainers = [MlNetLearner.LinearSvm] }, Segmenters.Jieba).Save(model);
        var zipPath = Path.Combine(model, "model.zip");
        using (var zip = System.IO.Compression.ZipFile.Open(zipPath, System.IO.Compression.ZipArchiveMode.Update))
        {
            zip.GetEntry("topic.linear-svm.bin")!.Delete();
            using var s = zip.CreateEntry("topic.linear-svm.bin").Open();
            s.Write("PMLSVM1\n"u8);
        }
        // The card's hash no longer matches; drop it to reach the entry check itself.
        var card = File.ReadAllText(Path.Combine(model, "model-card.json"));
        File.WriteAllText(Path.Combine(model, "model-card.json"), System.Text.RegularExpressions.Regex.Replace(card, "\"model_sha256\": \"[0-9a-f]+\"", "\"model_sha256\": null"));
        var ex = Assert.Throws<ModelLoadException>(() => ClassifierModel.Load(model, Segmenters.Jieba));
        Assert.Contains("damaged", ex.Message, StringComparison.Ordinal);
        Assert.Contains("model.zip", ex.Message, StringComparison.Ordinal);
    }
}
