using System.CommandLine;
using PolicyMiner.Classification;
using PolicyMiner.Segmentation;

namespace PolicyMiner.Cli;

/// <summary><c>policyminer evaluate</c>: a model on a coded test file, or k-fold cross-validation without a model.</summary>
internal static class EvaluateCommand
{
    public static Command Create(CliConsole console)
    {
        var model = new Option<string?>("--model") { Description = "Trained model folder to test on --docs/--labels (leave out to cross-validate with --folds)" };
        var docs = new Option<string>("--docs") { Description = "Documents: folder, documents.jsonl, or CSV/XLSX with doc_id and text columns", Required = true };
        var labels = new Option<string[]>("--labels") { Description = "Hand-coded CSV(s) with the true labels", Required = true };
        var folds = new Option<int?>("--folds") { Description = "Cross-validate the training procedure with K stratified folds (no --model)" };
        var codebook = new Option<string?>("--codebook") { Description = "Codebook JSON for cross-validation (default: the built-in codebook, see `policyminer codebook`)" };
        var task = new Option<string[]>("--task") { Description = "Task column NAME[:multilabel] (cross-validation only); repeatable" };
        var textColumns = new Option<string?>("--text-columns") { Description = "CSV/XLSX --docs: text columns, e.g. title,text" };
        var idColumn = ClassificationCli.IdColumnOption();
        var seed = new Option<int>("--seed") { Description = "Random seed", DefaultValueFactory = _ => 42 };
        var maxChars = new Option<int>("--max-chars") { Description = "Use only the first N characters of each body text (0 = all)", DefaultValueFactory = _ => 0 };
        var keepStop = new Option<bool>("--keep-stop-words") { Description = "Keep Chinese/English function words as features" };
        var output = new Option<string?>("--output", "-o") { Description = "JSON report file (default: evaluation.json)" };
        var command = new Command("evaluate", "Measure a classifier: per-label precision/recall/F1, macro/micro-F1, confusion, Cohen's κ (and human κ/α when two coders' columns exist).")
        {
            model, docs, labels, folds, codebook, task, textColumns, seed, maxChars, keepStop, output, idColumn,
        };
        command.SetAction(parse => ClassificationCli.Guard(console, "evaluate", () =>
        {
            var modelDir = parse.GetValue(model);
            var k = parse.GetValue(folds);
            var outPath = parse.GetValue(output) ?? "evaluation.json";
            OutputCheck.EnsureWritableFile(outPath, "-o");
            if (modelDir is null && k is null)
            {
                throw new ArgumentException("give --model DIR (test a trained model on --docs/--labels) or --folds K (cross-validate without a model).");
            }
            if (modelDir is not null && k is not null)
            {
                throw new ArgumentException("--model and --folds exclude each other: --model tests a trained model, --folds cross-validates training.");
            }
            var textCols = ClassificationCli.TextColumns(parse.GetValue(textColumns));
            if (modelDir is null)
            {
                if (k < 2)
                {
                    throw new ArgumentException("--folds must be at least 2.");
                }
                var set = ClassificationCli.ReadTrainingSet(console, "evaluate", parse.GetValue(docs)!, parse.GetValue(labels) ?? [], parse.GetValue(codebook), parse.GetValue(task) ?? [], textCols, parse.GetValue(idColumn));
                var options = new TrainOptions
                {
                    Seed = parse.GetValue(seed),
                    Folds = k!.Value,
                    Features = new FeatureTokenizerOptions { MaxTextChars = parse.GetValue(maxChars), RemoveStopWords = !parse.GetValue(keepStop) },
                };
                var cv = ClassifierModel.CrossValidate(set, options, ClassificationCli.Segmenter, m => console.Err.WriteLine(m));
                foreach (var t in set.Codebook.Tasks.Where(t => cv.Metrics.ContainsKey(t.Name)))
                {
                    ClassificationCli.PrintMetrics(console.Err, t.Name, t.Kind, cv.Metrics[t.Name], cv.Trainers[t.Name]);
                }
                ClassificationCli.WriteJson(outPath, new
                {
                    Mode = "cross-validation",
                    Folds = k.Value,
                    Seed = options.Seed,
                    Tasks = set.Codebook.Tasks.Where(t => cv.Metrics.ContainsKey(t.Name)).Select(t => new
                    {
                        t.Name,
                        t.Kind,
                        TrainersPerFold = cv.Trainers[t.Name],
                        Metrics = cv.Metrics[t.Name],
                    }),
                });
            }
            else
            {
                var loaded = ClassifierModel.Load(modelDir, ClassificationCli.Segmenter, w => console.Err.WriteLine($"evaluate: warning: {w}"));
                var card = loaded.Card;
                var set = ClassificationCli.ReadTrainingSet(console, "evaluate", parse.GetValue(docs)!, parse.GetValue(labels) ?? [], card.Codebook,
                    card.Tasks.Select(t => t.Name).ToArray(), textCols ?? card.Options.TextColumns, parse.GetValue(idColumn));
                var results = Evaluation.Test(loaded, set);
                foreach (var (name, metrics) in results)
                {
                    ClassificationCli.PrintMetrics(console.Err, name, card.Tasks.First(t => t.Name == name).Kind, metrics);
                }
                ClassificationCli.WriteJson(outPath, new { Mode = "test", Model = card.Name, Tasks = results.Select(r => new { Name = r.Key, Metrics = r.Value }) });
            }
            console.Err.WriteLine($"evaluate: wrote {outPath}");
            return 0;
        }));
        return command;
    }
}
