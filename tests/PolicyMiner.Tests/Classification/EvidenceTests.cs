using System.Text;
using System.Text.Json.Nodes;
using PolicyMiner.Classification;
using PolicyMiner.Export;
using PolicyMiner.Segmentation;
using PolicyMiner.Tests.Cli;
using PolicyMiner.Tests.Export;

namespace PolicyMiner.Tests.Classification;

/// <summary>Evidence per decision (weight × feature value of the document's terms) and the card's top terms.</summary>
public class EvidenceTests
{
    private static string Sample => Path.Combine(SharedData.RepoRoot, "corpora", "sample", "regulations");
    private static string DefaultCodebook => Path.Combine(SharedData.RepoRoot, "corpora", "codebook.json");
    private static readonly TrainOptions Fast = new() { CrossValidate = false, Seed = 7 };

    private static TrainingSet SampleSet() =>
        TrainingSet.Join(InputDocuments.Read(Path.Combine(Sample, "docs")),
            CodedLabels.Read([Path.Combine(Sample, "labels.csv")], Codebook.Load(DefaultCodebook), []));

    private static string TempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "pm-evidence-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>The word tokens and the character tokens of a document as the features see them.</summary>
    private static (List<string> Words, HashSet<string> Chars) Tokens(InputDocument doc)
    {
        var text = new FeatureTokenizer(Segmenters.Jieba.Cut, new FeatureTokenizerOptions { SublinearTf = false }).FeatureText(doc.Title, doc.Text);
        var parts = text.Split(FeatureTokenizer.CharSeparator);
        return (parts[0].Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList(),
            parts.Length > 1 ? parts[1].Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal) : []);
    }

    /// <summary>A term occurs in the document: one word or character token, or two consecutive words (word bigrams).</summary>
    private static bool Occurs(string term, (List<string> Words, HashSet<string> Chars) tokens)
    {
        var parts = term.Split(' ');
        return parts.Length == 1
            ? tokens.Words.Contains(term, StringComparer.Ordinal) || tokens.Chars.Contains(term)
            : Enumerable.Range(0, tokens.Words.Count - 1).Any(i => tokens.Words[i] == parts[0] && tokens.Words[i + 1] == parts[1]);
    }

    /// <summary>Evidence of one prediction: positive, largest first, at most <paramref name="count"/> per label, every term in the document.</summary>
    private static void AssertWellFormed(TaskPrediction p, InputDocument doc, int count)
    {
        var tokens = Tokens(doc);
        Assert.NotEmpty(p.Evidence);
        foreach (var group in p.Evidence.GroupBy(e => e.Label))
        {
            Assert.InRange(group.Count(), 1, count);
            var values = group.Select(e => e.Contribution).ToArray();
            Assert.All(values, v => Assert.True(v > 0, $"{doc.Id}: contribution {v} is not positive"));
            Assert.Equal(values.OrderByDescending(v => v), values);
            Assert.Equal(group.Count(), group.Select(e => e.Term).Distinct().Count());
            foreach (var e in group)
            {
                Assert.True(Occurs(e.Term, tokens), $"{doc.Id}: evidence term '{e.Term}' ({e.Label}) is not in the document's features");
            }
        }
    }

    [Theory]
    [InlineData("linear-svm")]
    [InlineData("lbfgs-logistic")]
    public void Multilabel_evidence_terms_come_from_the_document_positive_and_sorted(string trainer)
    {
        var model = ClassifierModel.Train(SampleSet(), Fast with { MultilabelTrainer = trainer }, Segmenters.Jieba);
        Assert.Empty(model.EvidenceUnavailable);
        var docs = InputDocuments.Read(Path.Combine(Sample, "new")).Documents;
        var predictions = model.Classify(docs);
        var quiet = model.Classify(docs, evidenceTerms: 0);
        for (var i = 0; i < docs.Count; i++)
        {
            var p = predictions[i].Tasks["fields"];
            AssertWellFormed(p, docs[i], ClassifierModel.DefaultEvidenceTerms);
            // Evidence explains the predicted labels (the sample's documents all have one: a label is always predicted).
            Assert.Equal(p.Labels.Order(StringComparer.Ordinal), p.Evidence.Select(e => e.Label).Distinct().Order(StringComparer.Ordinal));
            // Asking for evidence changes nothing else.
            Assert.Empty(quiet[i].Tasks["fields"].Evidence);
            Assert.Equal(p.Labels, quiet[i].Tasks["fields"].Labels);
            Assert.Equal(p.Probabilities, quiet[i].Tasks["fields"].Probabilities);
        }
        // A saved and loaded model (ML.NET rebuilds its model parameters) gives the same evidence.
        var dir = TempDir();
        model.Save(dir);
        var again = ClassifierModel.Load(dir, Segmenters.Jieba).Classify(docs);
        Assert.Equal(predictions.Select(p => p.Tasks["fields"].Evidence), again.Select(p => p.Tasks["fields"].Evidence));
    }

    [Theory]
    [InlineData("linear-svm")]
    [InlineData("lbfgs-maxent")]
    public void Multiclass_evidence_explains_the_predicted_class(string trainer)
    {
        var (set, docs) = Bills();
        var model = ClassifierModel.Train(set, new TrainOptions { CrossValidate = false, Seed = 1, Trainers = [trainer] }, Segmenters.Jieba);
        Assert.Equal(trainer, model.Card.Tasks[0].Trainer);
        Assert.Empty(model.EvidenceUnavailable);
        var predictions = model.Classify(docs, evidenceTerms: 3);
        for (var i = 0; i < docs.Count; i++)
        {
            var p = predictions[i].Tasks["topic"];
            AssertWellFormed(p, docs[i], 3);
            Assert.Equal([p.Labels[0]], p.Evidence.Select(e => e.Label).Distinct());
        }
        var dir = TempDir();
        model.Save(dir);
        var again = ClassifierModel.Load(dir, Segmenters.Jieba).Classify(docs, evidenceTerms: 3);
        Assert.Equal(predictions.Select(p => p.Tasks["topic"].Evidence), again.Select(p => p.Tasks["topic"].Evidence));
        Assert.Equal(4, model.Card.Tasks[0].TopTerms!.Count);
        // The health class looks for health words.
        Assert.Contains(model.Card.Tasks[0].TopTerms!["health"].Take(15), t => t.Term is "health" or "medicare" or "medical" or "care" or "hospital");
    }

    [Fact]
    public void One_versus_all_has_no_readable_weights_and_says_so()
    {
        var (set, docs) = Bills();
        var model = ClassifierModel.Train(set, new TrainOptions { CrossValidate = false, Seed = 1, Trainers = ["ova-linearsvm"] }, Segmenters.Jieba);
        var why = Assert.Single(model.EvidenceUnavailable);
        Assert.Contains("task 'topic'", why, StringComparison.Ordinal);
        Assert.Contains("ova-linearsvm", why, StringComparison.Ordinal);
        Assert.Null(model.Card.Tasks[0].TopTerms);
        Assert.All(model.Classify(docs.Take(5).ToArray()), p => Assert.Empty(p.Tasks["topic"].Evidence));
    }

    /// <summary>160 US bill titles of four topics (training) and 20 others of the same topics (classified).</summary>
    private static (TrainingSet Set, IReadOnlyList<InputDocument> Docs) Bills()
    {
        var bills = Path.Combine(SharedData.Root, "corpora", "us-congress-bills", "labels.csv");
        var lines = File.ReadAllLines(bills);
        var keep = new[] { "foreign_trade", "health", "defense", "education" };
        var dir = TempDir();
        var rows = lines.Skip(1).Where(l => keep.Any(k => l.EndsWith("," + k, StringComparison.Ordinal))).ToList();
        var train = Path.Combine(dir, "train.csv");
        var test = Path.Combine(dir, "test.csv");
        File.WriteAllLines(train, lines.Take(1).Concat(rows.Take(160)));
        File.WriteAllLines(test, lines.Take(1).Concat(rows.Skip(160).Take(20)));
        return (TrainingSet.Join(InputDocuments.Read(train), CodedLabels.Read([train], null, [TaskSpec.Parse("topic")])), InputDocuments.Read(test).Documents);
    }

    [Fact]
    public void Farmland_regulation_gets_agriculture_terms_as_evidence_for_agriculture()
    {
        // Train on real regulations (agricultural and ecological ones, and every third other one), without the
        // 基本农田保护条例 (basic farmland protection regulation, R0287), then classify it.
        var regs = SharedData.PathOf("corpora", "regulations");
        var all = InputDocuments.Read(Path.Combine(regs, "docs"));
        var coded = CodedLabels.Read([Path.Combine(regs, "labels.csv")], Codebook.Load(DefaultCodebook), []);
        var farmland = all.Documents.Single(d => d.Id == "R0287");
        var other = 0;
        var train = all.Documents.Where(d => d.Id != "R0287").Where(d =>
        {
            var row = coded.Rows.FirstOrDefault(r => r.Key == d.Id);
            var fields = row?.Codes.GetValueOrDefault("fields") ?? [];
            return fields.Contains("agriculture") || fields.Contains("ecological") || other++ % 3 == 0;
        }).ToArray();
        var set = TrainingSet.Join(new InputDocumentSet(train, []), coded);
        var model = ClassifierModel.Train(set, Fast, Segmenters.Jieba);
        var p = model.Classify([farmland]).Single().Tasks["fields"];
        Assert.Contains("agriculture", p.Labels);
        AssertWellFormed(p, farmland, ClassifierModel.DefaultEvidenceTerms);
        var terms = p.Evidence.Where(e => e.Label == "agriculture").Select(e => e.Term).ToArray();
        var agricultural = terms.Count(t => t.Contains('农', StringComparison.Ordinal) || t.Contains('耕', StringComparison.Ordinal) || t.Contains('田', StringComparison.Ordinal) || t.Contains('粮', StringComparison.Ordinal));
        Assert.True(agricultural >= 3, $"agriculture evidence of R0287: {string.Join(", ", terms)}");
        // The card's top terms of agriculture are agricultural too.
        var top = model.Card.Tasks[0].TopTerms!["agriculture"];
        Assert.Contains(top.Take(5), t => t.Term.Contains('农', StringComparison.Ordinal));
    }

    [Fact]
    public void Card_keeps_top_terms_through_save_and_load_and_old_cards_without_them_still_load()
    {
        var model = ClassifierModel.Train(SampleSet(), Fast, Segmenters.Jieba);
        var top = model.Card.Tasks[0].TopTerms!;
        Assert.Equal(9, top.Count);
        foreach (var (label, terms) in top)
        {
            Assert.Equal(ClassifierModel.TopTermCount, terms.Count);
            Assert.All(terms, t => Assert.True(t.Weight > 0, $"{label}: {t.Term} {t.Weight}"));
            Assert.Equal(terms.Select(t => t.Weight).OrderByDescending(w => w), terms.Select(t => t.Weight));
        }
        var dir = TempDir();
        model.Save(dir);
        var cardPath = Path.Combine(dir, "model-card.json");
        Assert.Contains("\"top_terms\"", File.ReadAllText(cardPath), StringComparison.Ordinal);
        var loaded = ClassifierModel.Load(dir, Segmenters.Jieba);
        foreach (var (label, terms) in top)
        {
            Assert.Equal(terms, loaded.Card.Tasks[0].TopTerms![label]);
        }
        Assert.Equal(top["agriculture"].Select(t => t.Term), ModelCardView.Load(dir).Tasks[0].TopTerms!["agriculture"].Select(t => t.Term));

        // A card written before top terms existed: loads, classifies with evidence (it comes from model.zip's weights).
        var card = JsonNode.Parse(File.ReadAllText(cardPath))!;
        card["tasks"]![0]!.AsObject().Remove("top_terms");
        File.WriteAllText(cardPath, card.ToJsonString());
        var old = ClassifierModel.Load(dir, Segmenters.Jieba);
        Assert.Null(old.Card.Tasks[0].TopTerms);
        Assert.Null(ModelCardView.Load(dir).Tasks[0].TopTerms);
        Assert.NotEmpty(old.Classify(InputDocuments.Read(Path.Combine(Sample, "new")).Documents.Take(1).ToArray())[0].Tasks["fields"].Evidence);
    }

    [Fact]
    public void Report_shows_the_cards_top_terms_per_label()
    {
        var model = ClassifierModel.Train(SampleSet(), Fast, Segmenters.Jieba);
        // The export fixture's card (coder A vs coder B, no model weights) with the trained model's fields terms.
        var card = JsonNode.Parse(File.ReadAllText(ExportFixture.Card))!;
        var trained = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(model.Card, ModelCard.JsonOptions))!;
        card["tasks"]![0]!["top_terms"] = trained["tasks"]![0]!["top_terms"]!.DeepClone();
        var dir = TempDir();
        var cardPath = Path.Combine(dir, "model-card.json");
        File.WriteAllText(cardPath, card.ToJsonString());
        ExportStage.Run(new ExportOptions
        {
            Documents = ExportFixture.Documents,
            Labeled = ExportFixture.Labeled,
            Coded = ExportFixture.Coded,
            Model = cardPath,
            Output = dir,
            Formats = new HashSet<string>(StringComparer.Ordinal),
            Report = true,
            ByField = "fields",
        });
        var html = File.ReadAllText(Path.Combine(dir, "report.html"));
        Assert.Contains("fields: 各类别关键词 top terms per label", html, StringComparison.Ordinal);
        var first = model.Card.Tasks[0].TopTerms!["agriculture"][0];
        Assert.Contains($"{first.Term} {first.Weight.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)}", html, StringComparison.Ordinal);
        // The other task of the fixture card has no top terms: no table for it.
        Assert.DoesNotContain("primary_field: 各类别关键词", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Cli_writes_an_evidence_column_per_task_and_one_in_review_csv_and_train_prints_top_terms()
    {
        var dir = TempDir();
        var model = Path.Combine(dir, "m");
        var train = CliRunner.Run("", "train", "--docs", Path.Combine(Sample, "docs"), "--labels", Path.Combine(Sample, "labels.csv"),
            "--codebook", DefaultCodebook, "--model", model, "--no-cv");
        Assert.True(train.ExitCode == 0, train.Stderr);
        Assert.Contains("train: task 'fields' top terms of agriculture: ", train.Stderr, StringComparison.Ordinal);
        var output = Path.Combine(dir, "labeled.csv");
        var classify = CliRunner.Run("", "classify", "--model", model, "--docs", Path.Combine(Sample, "new"), "-o", output);
        Assert.True(classify.ExitCode == 0, classify.Stderr);
        Assert.DoesNotContain("no evidence", classify.Stderr, StringComparison.Ordinal);
        var lines = File.ReadAllLines(output, Encoding.UTF8);
        var header = lines[0].Split(',');
        var at = Array.IndexOf(header, "fields_evidence");
        Assert.Equal("fields_governance_prob", header[at - 1]);
        Assert.Equal("needs_review", header[at + 1]);
        // Cells like "矿 +0.050; 采矿 +0.040" (no commas inside, so a plain split finds the column).
        Assert.All(lines.Skip(1), l => Assert.Matches(@"^(\S+: )?\S+ \+\d\.\d{3}(; |$)", l.Split(',')[at]));
        var review = File.ReadAllLines(Path.Combine(dir, "review.csv"), Encoding.UTF8);
        Assert.EndsWith(",evidence", review[0], StringComparison.Ordinal);
        Assert.All(review.Skip(1), l => Assert.Matches(@" \+\d\.\d{3}$", l));
        var none = CliRunner.Run("", "classify", "--model", model, "--docs", Path.Combine(Sample, "new"), "-o", output, "--evidence", "0");
        Assert.True(none.ExitCode == 0, none.Stderr);
        Assert.All(File.ReadAllLines(output, Encoding.UTF8).Skip(1), l => Assert.Equal("", l.Split(',')[at]));
    }
}
