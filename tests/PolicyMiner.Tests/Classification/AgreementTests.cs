using PolicyMiner.Classification;

namespace PolicyMiner.Tests.Classification;

public class AgreementTests
{
    // Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", example C: nominal data, 4 observers,
    // 12 units, missing values; the paper gives α = 0.743.
    [Fact]
    public void Krippendorff_alpha_matches_the_published_nominal_example_with_missing_data()
    {
        string?[][] observers =
        [
            ["1", "2", "3", "3", "2", "1", "4", "1", "2", null, null, null],
            ["1", "2", "3", "3", "2", "2", "4", "1", "2", "5", null, "3"],
            [null, "3", "3", "3", "2", "3", "4", "2", "2", "5", "1", null],
            ["1", "2", "3", "3", "2", "4", "4", "1", "2", "5", "1", null],
        ];
        var units = Enumerable.Range(0, 12).Select(u => (IReadOnlyList<string?>)observers.Select(o => o[u]).ToArray());
        Assert.Equal(0.743, Agreement.KrippendorffAlphaNominal(units), 3);
    }

    // Same paper, example A: binary data, two observers, ten units; α = 0.095.
    [Fact]
    public void Krippendorff_alpha_matches_the_published_binary_two_observer_example()
    {
        string[] a = ["0", "1", "0", "0", "0", "0", "0", "0", "1", "0"];
        string[] b = ["1", "1", "1", "0", "0", "1", "0", "0", "0", "0"];
        Assert.Equal(0.095, Agreement.KrippendorffAlphaNominal(a, b), 3);
    }

    // Textbook example: 50 items, yes/yes 20, yes/no 5, no/yes 10, no/no 15 → p_o 0.7, p_e 0.5, κ = 0.4.
    [Fact]
    public void Cohens_kappa_matches_the_textbook_two_by_two_example()
    {
        var a = new List<string>();
        var b = new List<string>();
        void Add(int n, string x, string y)
        {
            for (var i = 0; i < n; i++)
            {
                a.Add(x);
                b.Add(y);
            }
        }
        Add(20, "yes", "yes");
        Add(5, "yes", "no");
        Add(10, "no", "yes");
        Add(15, "no", "no");
        Assert.Equal(0.4, Agreement.CohensKappa(a, b), 10);
    }

    [Fact]
    public void Multiclass_metrics_give_per_label_f1_macro_and_confusion()
    {
        string[] labels = ["a", "b", "c"];
        string[] truth = ["a", "a", "b", "b", "c", "c"];
        string[] pred = ["a", "b", "b", "b", "c", "a"];
        var m = Metrics.Multiclass(labels, truth, pred, 0);
        Assert.Equal(4.0 / 6, m.Accuracy, 10);
        Assert.Equal(0.5, m.PerLabel[0].F1, 10);   // a: tp1 fp1 fn1
        Assert.Equal(0.8, m.PerLabel[1].F1, 10);   // b: tp2 fp1 fn0
        Assert.Equal(2.0 / 3, m.PerLabel[2].F1, 10); // c: tp1 fp0 fn1
        Assert.Equal((0.5 + 0.8 + 2.0 / 3) / 3, m.MacroF1, 10);
        Assert.Equal([1, 1, 0], m.Confusion!.Matrix[0]);
    }

    [Fact]
    public void Stratified_folds_spread_every_class_evenly()
    {
        var strata = Enumerable.Range(0, 50).Select(i => i < 10 ? "rare" : "common").ToArray();
        var folds = StratifiedFolds.Assign(strata, 5, seed: 1);
        for (var f = 0; f < 5; f++)
        {
            Assert.Equal(2, Enumerable.Range(0, 10).Count(i => folds[i] == f));
            Assert.Equal(10, folds.Count(x => x == f));
        }
    }
}
