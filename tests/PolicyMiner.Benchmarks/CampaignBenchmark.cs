using System.Diagnostics;
using System.Globalization;
using PolicyMiner.Classification;
using PolicyMiner.Segmentation;

namespace PolicyMiner.Benchmarks;

/// <summary>
/// <c>campaign</c> benchmark (issue 10, "what to code next"): a simulated hand-coding campaign on the 500 shared
/// regulations. Per seed: a fixed stratified test set of 150 documents is held out; from the other 350 (the pool)
/// 50 are "coded" at random; then 8 rounds add 25 documents each, chosen by <see cref="NextToCode"/> or at random,
/// their codes (the coders' consensus column) revealed as hand coding. After every round a model is trained on the
/// coded documents (no CV metrics for the card, as <c>train --no-cv</c>) and its per-label macro-F1 on the test set
/// is measured. Target: <c>next</c> reaches the final random-pick F1 with at most 60 % of the coded documents.
/// </summary>
internal static class CampaignBenchmark
{
    public const string Help = "       PolicyMiner.Benchmarks campaign [--seeds 1,2,3] [--lambda 0.5[,0,1…]] [--uncertainty nearest|mean|rarity[,…]] [--no-random] [--rounds 8] [--start 50] [--batch 25]   learning curves of `next` vs random picks";

    private const int TestSize = 150;

    public static int Run(string shared, string[] args)
    {
        var seeds = List(args, "--seeds", "1,2,3").Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var lambdas = List(args, "--lambda", NextOptions.DefaultDiversity.ToString(CultureInfo.InvariantCulture)).Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var measures = List(args, "--uncertainty", "rarity").Select(m => m switch
        {
            "nearest" => UncertaintyMeasure.NearestLabel,
            "mean" => UncertaintyMeasure.MeanOverLabels,
            "rarity" => UncertaintyMeasure.RarityWeighted,
            _ => throw new ArgumentException($"--uncertainty {m}: use nearest, mean or rarity"),
        }).ToArray();
        var withRandom = !args.Contains("--no-random");
        var rounds = int.Parse(Option(args, "--rounds") ?? "8", CultureInfo.InvariantCulture);
        var start = int.Parse(Option(args, "--start") ?? "50", CultureInfo.InvariantCulture);
        var batch = int.Parse(Option(args, "--batch") ?? "25", CultureInfo.InvariantCulture);

        var root = Path.Combine(shared, "corpora", "regulations");
        var docs = InputDocuments.Read(Path.Combine(root, "docs"));
        var coded = CodedLabels.Read([Path.Combine(root, "labels.csv")], null, [TaskSpec.Parse("fields:multilabel")]);
        var all = TrainingSet.Join(docs, coded);
        var task = all.Codebook.Tasks.Single();
        Console.WriteLine($"campaign benchmark: regulations ({all.Examples.Count} coded, task '{task.Name}', {task.Codes.Count} labels), test {TestSize} held out (stratified), start {start} random, {rounds} rounds of +{batch}; per-label macro-F1 on the test set; {Environment.ProcessorCount} cores");

        var strategies = new List<(string Name, NextOptions? Next)>();
        if (withRandom)
        {
            strategies.Add(("random", null));
        }
        foreach (var m in measures)
        {
            foreach (var l in lambdas)
            {
                strategies.Add(($"next λ={l.ToString(CultureInfo.InvariantCulture)} {MeasureName(m)}", new NextOptions { Count = batch, Diversity = l, Uncertainty = m }));
            }
        }
        // curves[strategy][seed][round] = (coded, F1)
        var curves = strategies.ToDictionary(s => s.Name, _ => new List<double[]>());
        var sizes = Enumerable.Range(0, rounds + 1).Select(r => start + r * batch).ToArray();
        var watch = Stopwatch.StartNew();
        foreach (var seed in seeds)
        {
            var (test, pool) = Split(all, task, seed);
            var rng = new Random(seed);
            var shuffled = pool.ToArray();
            rng.Shuffle(shuffled);
            var initial = shuffled.Take(start).ToArray();
            foreach (var (name, next) in strategies)
            {
                var f1 = Campaign(all, task, test, pool, initial, next, rounds, batch, seed);
                curves[name].Add(f1);
                Console.WriteLine($"  seed {seed,4}  {name,-24} " + string.Join(" ", f1.Select(F)) + $"   ({watch.Elapsed.TotalSeconds:0} s)");
            }
        }

        Console.WriteLine();
        Console.WriteLine($"mean macro-F1 over seeds {string.Join(", ", seeds)} (columns: coded documents)");
        Console.WriteLine($"  {"strategy",-24} " + string.Join(" ", sizes.Select(s => s.ToString(CultureInfo.InvariantCulture).PadLeft(5))));
        var mean = curves.ToDictionary(kv => kv.Key, kv => Enumerable.Range(0, rounds + 1).Select(r => kv.Value.Average(c => c[r])).ToArray());
        foreach (var (name, _) in strategies)
        {
            Console.WriteLine($"  {name,-24} " + string.Join(" ", mean[name].Select(F)));
        }
        if (!withRandom)
        {
            return 0;
        }
        var randomFinal = mean["random"][rounds];
        Console.WriteLine();
        Console.WriteLine($"target: `next` reaches the final random-pick F1 ({F(randomFinal)} with {sizes[rounds]} coded) with at most 60 % of the coded documents ({0.6 * sizes[rounds]:0})");
        foreach (var (name, next) in strategies.Where(s => s.Next is not null))
        {
            var reach = Reach(mean[name], randomFinal, sizes);
            var perSeed = string.Join(", ", seeds.Select((s, i) => $"seed {s}: {Share(Reach(curves[name][i], curves["random"][i][rounds], sizes), sizes[rounds])}"));
            Console.WriteLine($"  {name,-24} mean curve: {Share(reach, sizes[rounds])}  {(reach is { } r && r <= 0.6 * sizes[rounds] ? "MET" : "MISSED")}   ({perSeed})");
            Console.WriteLine($"  {"",-24} area under the curve {F(mean[name].Average())} vs random {F(mean["random"].Average())}; final {F(mean[name][rounds])} vs {F(randomFinal)}");
        }
        Console.WriteLine($"({watch.Elapsed.TotalSeconds:0} s)");
        return 0;
    }

    /// <summary>One campaign: train on the coded documents, measure on the test set, add a batch, repeat.</summary>
    private static double[] Campaign(TrainingSet all, CodebookTask task, TrainingSet test, IReadOnlyList<int> pool, IReadOnlyList<int> initial, NextOptions? next, int rounds, int batch, int seed)
    {
        var codedIdx = new List<int>(initial);
        var rng = new Random(seed * 7919 + 1);
        var f1 = new double[rounds + 1];
        for (var r = 0; r <= rounds; r++)
        {
            var set = all with { Examples = codedIdx.Order().Select(i => all.Examples[i]).ToArray(), Warnings = [] };
            var model = ClassifierModel.Train(set, new TrainOptions { Seed = seed, CrossValidate = false }, Segmenters.Jieba);
            f1[r] = Evaluation.Test(model, test)[task.Name].MacroF1;
            if (r == rounds)
            {
                break;
            }
            var inCoded = codedIdx.ToHashSet();
            var open = pool.Where(i => !inCoded.Contains(i)).ToArray();
            if (next is null)
            {
                rng.Shuffle(open);
                codedIdx.AddRange(open.Take(batch));
            }
            else
            {
                var byId = open.ToDictionary(i => all.Examples[i].Document.Id, StringComparer.Ordinal);
                var picks = NextToCode.Select(model, open.Select(i => all.Examples[i].Document).ToArray(), [], next with { Seed = seed });
                codedIdx.AddRange(picks.Select(p => byId[p.Document.Id]));
            }
        }
        return f1;
    }

    /// <summary>A stratified (rarest label) test set of <see cref="TestSize"/> documents: 3 of 10 folds; the rest is the pool.</summary>
    private static (TrainingSet Test, int[] Pool) Split(TrainingSet all, CodebookTask task, int seed)
    {
        var codes = all.Examples.Select(e => (IReadOnlyCollection<string>)e.Row.Codes[task.Name].ToArray()).ToArray();
        var k = all.Examples.Count / (TestSize / 3);
        var folds = StratifiedFolds.Assign(StratifiedFolds.RarestLabelKeys(codes), k, seed);
        var test = Enumerable.Range(0, folds.Length).Where(i => folds[i] < 3).ToArray();
        var pool = Enumerable.Range(0, folds.Length).Where(i => folds[i] >= 3).ToArray();
        return (all with { Examples = test.Select(i => all.Examples[i]).ToArray() }, pool);
    }

    /// <summary>The smallest coded count whose F1 reaches <paramref name="target"/> (null = never).</summary>
    private static int? Reach(double[] curve, double target, int[] sizes)
    {
        for (var r = 0; r < curve.Length; r++)
        {
            if (curve[r] >= target - 1e-9)
            {
                return sizes[r];
            }
        }
        return null;
    }

    private static string MeasureName(UncertaintyMeasure m) => m switch
    {
        UncertaintyMeasure.NearestLabel => "nearest",
        UncertaintyMeasure.MeanOverLabels => "mean",
        _ => "rarity",
    };

    private static string Share(int? reach, int final) =>
        reach is { } r ? $"{r} coded = {100.0 * r / final:0} %" : "never reached";

    private static string[] List(string[] args, string name, string fallback) => (Option(args, name) ?? fallback).Split(',', StringSplitOptions.RemoveEmptyEntries);

    private static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static string F(double v) => v.ToString("0.000", CultureInfo.InvariantCulture).PadLeft(5);
}
