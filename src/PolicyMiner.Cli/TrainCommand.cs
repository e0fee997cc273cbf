using System.CommandLine;
using PolicyMiner.Classification;
using PolicyMiner.Segmentation;

namespace PolicyMiner.Cli;

/// <summary><c>policyminer train</c>: coded documents → <c>models/&lt;name&gt;/</c> (model.zip + model-card.json).</summary>
internal static class TrainCommand
{
    public static Command Create(CliConsole console)
    {
        var docs = new Option<string>("--docs") { Description = "Documents: a folder of .txt/.md files, a documents.jsonl from extract, or a CSV/XLSX with doc_id and text columns", Required = true };
        var labels = new Option<string[]>("--labels") { Description = "Labels: coding sheets from classify --sheet (only rows with status coded are used), hand-coded CSV/XLSX (doc_id or file column, one column per task, multi-label cells a;b) or a REFI-QDA project (.qdpx from NVivo, ATLAS.ti, MAXQDA: codings by people, not by the user PolicyMiner). Repeat for several rounds; later rows replace earlier ones", Required = true };
        var model = new Option<string>("--model") { Description = "Model folder to write (models/<name>/)", Required = true };
        var codebook = new Option<string?>("--codebook") { Description = "Codebook JSON (default: the built-in codebook, see `policyminer codebook`); --task naming a column the built-in codebook lacks takes the labels from the values seen" };
        var task = new Option<string[]>("--task") { Description = "Task column NAME[:multilabel]; repeatable (default: every codebook task that is a column)" };
        var textColumns = new Option<string?>("--text-columns") { Description = "CSV/XLSX --docs: text columns, e.g. title,text (a column named title is weighted as the title)" };
        var idColumn = ClassificationCli.IdColumnOption();
        var seed = new Option<int>("--seed") { Description = "Random seed (same inputs + seed → identical model)", DefaultValueFactory = _ => 42 };
        var folds = new Option<int>("--folds") { Description = "Cross-validation folds for trainer choice, thresholds and the card's metrics", DefaultValueFactory = _ => 5 };
        var noCv = new Option<bool>("--no-cv") { Description = "Skip the cross-validated metrics in the card (faster; trainer choice still uses CV)" };
        var curve = new Option<bool>("--learning-curve") { Description = "Record a learning curve in the model card: cross-validated macro-F1 at 25/50/75/100 % of the coded documents (about 3 extra cross-validations)" };
        var maxChars = new Option<int>("--max-chars") { Description = "Use only the first N characters of each body text (0 = all)", DefaultValueFactory = _ => 0 };
        var keepStop = new Option<bool>("--keep-stop-words") { Description = "Keep Chinese/English function words as features" };
        var noEmbeddings = new Option<bool>("--no-embeddings") { Description = "No MiniLM sentence-embedding block for English (Latin-script) documents: faster, usually less accurate (Chinese documents never get one)" };
        var about = new Option<string?>("--about") { Description = "What the model is (corpus, who coded it, intended use), recorded in the model card" };
        var command = new Command("train", "Train classifiers for the codebook's tasks from hand-coded documents (cross-validated, deterministic).")
        {
            docs, labels, model, codebook, task, textColumns, seed, folds, noCv, curve, maxChars, keepStop, noEmbeddings, idColumn, about,
        };
        command.SetAction(parse => ClassificationCli.Guard(console, "train", () =>
        {
            var dir = parse.GetValue(model)!;
            OutputCheck.EnsureWritable(dir, "--model");
            var labelFiles = parse.GetValue(labels) ?? [];
            var textCols = ClassificationCli.TextColumns(parse.GetValue(textColumns));
            var set = ClassificationCli.ReadTrainingSet(console, "train", parse.GetValue(docs)!, labelFiles, parse.GetValue(codebook), parse.GetValue(task) ?? [], textCols, parse.GetValue(idColumn));
            var options = new TrainOptions
            {
                Name = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(dir))),
                Seed = parse.GetValue(seed),
                Folds = parse.GetValue(folds),
                CrossValidate = !parse.GetValue(noCv),
                LearningCurve = parse.GetValue(curve),
                TextColumns = textCols ?? ["title", "text"],
                LabelFiles = labelFiles.Select(Path.GetFileName).Select(f => f!).ToArray(),
                About = parse.GetValue(about),
                Features = new FeatureTokenizerOptions { MaxTextChars = parse.GetValue(maxChars), RemoveStopWords = !parse.GetValue(keepStop), SentenceEmbeddings = !parse.GetValue(noEmbeddings) },
            };
            if (options.Folds < 2)
            {
                throw new ArgumentException("--folds must be at least 2.");
            }
            var previous = ClassifierModel.TryReadCard(dir);
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var trained = ClassifierModel.Train(set, options, ClassificationCli.Segmenter, previous, m => console.Err.WriteLine(m));
            trained.Save(dir);
            foreach (var t in trained.Card.Tasks)
            {
                console.Err.WriteLine($"train: task '{t.Name}': trainer {t.Trainer}" +
                    (t.TrainerSelection is { } s ? $" (inner-CV macro-F1: {string.Join(", ", s.Select(kv => $"{kv.Key} {kv.Value:0.000}"))})" : ""));
                if (t.Metrics is { } m)
                {
                    ClassificationCli.PrintMetrics(console.Err, t.Name, t.Kind, m);
                }
                // What the model looks for: a quick plausibility check (all 15 per label are in the card and the report).
                foreach (var (label, terms) in t.TopTerms ?? new Dictionary<string, IReadOnlyList<TermWeight>>())
                {
                    console.Err.WriteLine($"train: task '{t.Name}' top terms of {label}: {string.Join(", ", terms.Take(8).Select(w => $"{w.Term} {w.Weight.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)}"))}");
                }
            }
            if (trained.Card.LearningCurve is { } lc)
            {
                ClassificationCli.PrintLearningCurve(console.Err, lc);
            }
            foreach (var change in trained.Card.Changes)
            {
                console.Err.WriteLine($"train: changed since the previous model: {change}");
            }
            console.Err.WriteLine($"train: wrote {Path.Combine(dir, "model.zip")} and model-card.json in {watch.Elapsed.TotalSeconds:0.0} s");
            return 0;
        }));
        return command;
    }
}
