using PolicyMiner.Classification;

namespace PolicyMiner.Tests.Classification;

/// <summary>Seed-word cold start on the 500 real State Council regulations (../shared/corpora/regulations).</summary>
public class SeedWordTests
{
    private static readonly Lazy<(IReadOnlyList<InputDocument> Docs, IReadOnlyList<DocumentPrediction> Predictions)> Regulations = new(() =>
    {
        var docs = InputDocuments.Read(SharedData.PathOf("corpora", "regulations", "docs")).Documents;
        return (docs, new SeedWordClassifier(Codebook.BuiltIn).Classify(docs));
    });

    private static IEnumerable<double> Scores(DocumentPrediction p) => p.Tasks.Values.SelectMany(t => t.Probabilities.Values);

    [Fact]
    public void No_score_on_the_regulations_is_1_and_every_score_stays_below_1()
    {
        var (docs, predictions) = Regulations.Value;
        Assert.Equal(500, docs.Count);
        Assert.All(predictions.SelectMany(Scores), s => Assert.InRange(s, 0.0, 0.999));
        // typed documents exist (the old shares gave 1 to every document whose type hits were all of one label)
        Assert.Contains(predictions, p => p.Tasks["type"].Labels.Count == 1);
    }

    [Fact]
    public void A_coal_mine_regulation_mentioning_compensation_is_a_low_score_flagged_for_review()
    {
        var (docs, predictions) = Regulations.Value;
        var coal = docs.Select((d, i) => (Doc: d, P: predictions[i])).Single(x => x.Doc.Title?.StartsWith("乡镇煤矿管理条例", StringComparison.Ordinal) == true);
        var type = coal.P.Tasks["type"];
        Assert.Equal(["compensation"], type.Labels);
        Assert.True(type.Probabilities["compensation"] < 0.5, $"score {type.Probabilities["compensation"]}");
        Assert.True(coal.P.NeedsReview);
    }

    [Fact]
    public void Documents_without_any_seed_word_get_no_label_and_are_flagged()
    {
        var (_, predictions) = Regulations.Value;
        var untyped = predictions.Where(p => p.Tasks["type"].Probabilities.Values.All(s => s == 0)).ToList();
        Assert.NotEmpty(untyped); // most regulations are not agreements: none of the type seed words occurs
        Assert.All(untyped, p =>
        {
            Assert.Empty(p.Tasks["type"].Labels);
            Assert.Equal(1.0, p.Tasks["type"].Uncertainty);
            Assert.True(p.NeedsReview);
        });
    }

    [Fact]
    public void Score_is_the_share_of_hits_damped_by_the_number_of_hits()
    {
        // one body hit of 赔偿 (compensation) scores 1/(1+3); the same word in the title counts 3: 3/(3+3)
        var body = new InputDocument("a", null, "某某条例", "第一条 造成损失的，依法赔偿。");
        var title = new InputDocument("b", null, "生态补偿条例", "第一条 为了规范管理，制定本条例。");
        var p = new SeedWordClassifier(Codebook.BuiltIn).Classify([body, title]);
        Assert.Equal(0.25, p[0].Tasks["type"].Probabilities["compensation"]);
        Assert.True(p[0].NeedsReview);
        // 生态补偿 and 补偿 both occur in the title: 2 × 3 hits → 6 / 9
        Assert.Equal(Math.Round(6.0 / 9, 4), p[1].Tasks["type"].Probabilities["compensation"]);
    }
}
