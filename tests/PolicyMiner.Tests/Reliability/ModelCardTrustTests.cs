using System.Text.Json.Nodes;
using PolicyMiner.Classification;
using PolicyMiner.Segmentation;

namespace PolicyMiner.Tests.Reliability;

// Issue 12 item 7: a model card is verified, not trusted. Each case edits the card of a model trained on the sample.
public class ModelCardTrustTests
{
    private static readonly Lazy<string> Trained = new(() =>
    {
        var sample = Path.Combine(SharedData.RepoRoot, "corpora", "sample", "regulations");
        var set = TrainingSet.Join(InputDocuments.Read(Path.Combine(sample, "docs")),
            CodedLabels.Read([Path.Combine(sample, "labels.csv")], Codebook.Load(Path.Combine(SharedData.RepoRoot, "corpora", "codebook.json")), []));
        var dir = Directory.CreateTempSubdirectory("pm-card-").FullName;
        ClassifierModel.Train(set, new TrainOptions { CrossValidate = false, Seed = 7 }, Segmenters.Jieba).Save(dir);
        return dir;
    });

    private static string EditedCopy(Action<JsonNode> edit)
    {
        var dir = Directory.CreateTempSubdirectory("pm-card-edit-").FullName;
        File.Copy(Path.Combine(Trained.Value, "model.zip"), Path.Combine(dir, "model.zip"));
        var card = JsonNode.Parse(File.ReadAllText(Path.Combine(Trained.Value, "model-card.json")))!;
        edit(card);
        File.WriteAllText(Path.Combine(dir, "model-card.json"), card.ToJsonString());
        return dir;
    }

    private static string FirstLabel(JsonNode card) => card["tasks"]![0]!["thresholds"]!.AsObject().First().Key;

    public static TheoryData<string, string> Damages => new()
    {
        { "no-hash", "model_sha256" },
        { "title-weight", "title_weight is 1000000000" },
        { "no-tasks", "lists no tasks" },
        { "threshold-out-of-bounds", "outside [0, 1]" },
        { "threshold-edited", "not those model.zip was trained with" },
        { "review-threshold", "review_threshold is 7" },
    };

    [Theory]
    [MemberData(nameof(Damages))]
    public void A_damaged_or_edited_card_is_refused_with_a_clear_message(string damage, string expected)
    {
        var dir = EditedCopy(card =>
        {
            switch (damage)
            {
                case "no-hash": card.AsObject().Remove("model_sha256"); break;
                case "title-weight": card["options"]!["title_weight"] = 1_000_000_000; break;
                case "no-tasks": card["tasks"] = new JsonArray(); break;
                case "threshold-out-of-bounds": card["tasks"]![0]!["thresholds"]![FirstLabel(card)] = 1.5; break;
                case "threshold-edited": card["tasks"]![0]!["thresholds"]![FirstLabel(card)] = 0.01; break;
                case "review-threshold": card["options"]!["review_threshold"] = 7; break;
            }
        });
        var ex = Assert.Throws<ModelLoadException>(() => ClassifierModel.Load(dir, Segmenters.Jieba));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.Contains("is damaged", ex.Message, StringComparison.Ordinal);
        Assert.Contains("model-card.json", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unedited_card_loads()
    {
        var dir = EditedCopy(_ => { });
        Assert.Single(ClassifierModel.Load(dir, Segmenters.Jieba).Card.Tasks);
    }
}

public class EmptyTrainingTests
{
    [Fact]
    public void Training_on_documents_without_text_says_so_instead_of_an_mlnet_schema_mismatch()
    {
        var sample = Path.Combine(SharedData.RepoRoot, "corpora", "sample", "regulations");
        var docs = InputDocuments.Read(Path.Combine(sample, "docs"));
        var blank = docs with { Documents = docs.Documents.Select(d => d with { Title = null, Text = "" }).ToList() };
        var set = TrainingSet.Join(blank,
            CodedLabels.Read([Path.Combine(sample, "labels.csv")], Codebook.Load(Path.Combine(SharedData.RepoRoot, "corpora", "codebook.json")), []));
        var ex = Assert.Throws<InvalidDataException>(() => ClassifierModel.Train(set, new TrainOptions { CrossValidate = false, Seed = 7 }, Segmenters.Jieba));
        Assert.Contains("have empty text and title", ex.Message, StringComparison.Ordinal);
    }
}
