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
        var labels = new Option<string[]>("--labels") { Description = "True labels: coding sheets (rows with status coded), hand-coded CSV/XLSX or a REFI-QDA project (.qdpx); repeatable", Required = true };
        var folds = new Option<int?>("--folds") { Description = "Cross-validate the training procedure with K stratified folds (no --model)" };
        var codebook = new Option<string?>("--codebook") { Description = "Codebook JSON for cross-validation (default: the built-in codebook, see `policyminer codebook`)" };
        var task = new Option<string[]>("--task") { Description = "Task column NAME[:multilabel] (cross-validation only); repeatable" };
        var textColumns = new Option<string?>("--text-columns") { Description = "CSV/XLSX --docs: text columns, e.g. title,text" };
        var idColumn = ClassificationCli.IdColumnOption();
        var seed = new Option<int>("--seed") { Description = "Random seed", DefaultValueFactory = _ => 42 };
        var maxChars = new Option<int>("--max-chars") { Description = "Use only the first N characters of each body text (0 = all)", DefaultValueFactory = _ => 0 };
        var keepStop = new Option<bool>("--keep-stop-words") { Description = "Keep Chinese/English function words as features" };
        var noEmbeddings = new Option<bool>("--no-embeddings") { Description = "No MiniLM sentence-embedding block for English (Latin-script) documents: faster, usually less accurate (Chinese documents never get one)" };
        var includeTraining = new Option<bool>("--include-training-docs") { Description = "With --model: keep documents the model was trained on in the figures (flagged); by default they are left out" };
        var curve = new Option<bool>("--learning-curve") { Description = "With --folds: also cross-validate 25/50/75/100 % of the coded documents (stratified, seeded) — is more coding likely to help?" };
        var output = new Option<string?>("--output", "-o") { Description = "JSON report file (default: evaluation.json)" };
        var command = new Command("evaluate", "Measure a classifier: per-label precision/recall/F1, macro/micro-F1, confusion, Cohen's κ (and human κ/α when two coders' columns exist).")
        {
            model, docs, labels, folds, codebook, task, textColumns, seed, maxChars, keepStop, noEmbeddings, includeTraining, curve, output, idColumn,
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
            if (modelDir is not null && parse.GetValue(curve))
            {
                throw new ArgumentException("--learning-curve cross-validates training on parts of the coded documents: use it with --folds K, not --model.");
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
                    Features = new FeatureTokenizerOptions { MaxTextChars = parse.GetValue(maxChars), RemoveStopWords = !parse.GetValue(keepStop), SentenceEmbeddings = !parse.GetValue(noEmbeddings) },
                };
                var (cv, learningCurve) = ClassifierModel.CrossValidate(set, options, ClassificationCli.Segmenter, parse.GetValue(curve), m => console.Err.WriteLine(m));
                foreach (var t in set.Codebook.Tasks.Where(t => cv.Metrics.ContainsKey(t.Name)))
                {
                    ClassificationCli.PrintMetrics(console.Err, t.Name, t.Kind, cv.Metrics[t.Name], cv.Trainers[t.Name]);
                }
                if (learningCurve is not null)
                {
                    ClassificationCli.PrintLearningCurve(console.Err, learningCurve);
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
                    LearningCurve = learningCurve,
                });
            }
            else
            {
                var loaded = ClassifierModel.Load(modelDir, ClassificationCli.Segmenter, w => console.Err.WriteLine($"evaluate: warning: {w}"));
                var card = loaded.Card;
                var set = ClassificationCli.ReadTrainingSet(console, "evaluate", parse.GetValue(docs)!, parse.GetValue(labels) ?? [], card.Codebook,
                    card.Tasks.Select(t => t.Name).ToArray(), textCols ?? card.Options.TextColumns, parse.GetValue(idColumn));
                var report = Evaluation.TestHeldOut(loaded, set, parse.GetValue(includeTraining));
                console.Err.WriteLine($"evaluate: {report.Mode}; figures on {report.Documents} document(s)");
                if (report.Mode.StartsWith("resubstitution", StringComparison.Ordinal))
                {
                    console.Err.WriteLine("evaluate: warning: the model was trained on these documents, so the figures below flatter it: they are far better than on new documents. For honest figures test on coded documents it never saw, or cross-validate: evaluate --folds 5 (without --model).");
                }
                foreach (var (name, metrics) in report.Metrics)
                {
                    ClassificationCli.PrintMetrics(console.Err, name, card.Tasks.First(t => t.Name == name).Kind, metrics);
                }
                ClassificationCli.WriteJson(outPath, new
                {
                    report.Mode,
                    Model = card.Name,
                    report.Documents,
                    report.InTrainingData,
                    Tasks = report.Metrics.Select(r => new { Name = r.Key, Metrics = r.Value }),
                });
            }
            console.Err.WriteLine($"evaluate: wrote {outPath}");
            return 0;
        }));
        return command;
    }
}
