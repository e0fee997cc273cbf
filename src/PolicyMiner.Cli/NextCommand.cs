using System.CommandLine;
using System.Globalization;
using PolicyMiner.Classification;

namespace PolicyMiner.Cli;

/// <summary>
/// <c>policyminer next</c>: which documents to hand-code next — the ones whose codes would teach the model most
/// (<see cref="NextToCode"/>), written as a coding sheet in rank order plus a <c>.picks.csv</c> saying why each was picked.
/// </summary>
internal static class NextCommand
{
    public static Command Create(CliConsole console)
    {
        var model = new Option<string?>("--model") { Description = "Trained model folder (models/<name>/); without it, the shipped fields model ranks the documents (a first round before you have trained one)" };
        var docs = new Option<string>("--docs") { Description = "Candidate documents: folder, documents.jsonl, or CSV/XLSX with doc_id and text columns", Required = true };
        var count = new Option<int>("-n", "--count") { Description = "How many documents to pick", DefaultValueFactory = _ => 25 };
        var output = new Option<string>("--output", "-o") { Description = "Coding sheet to write (.xlsx with drop-downs, or .csv); NAME.picks.csv beside it says why each row was picked", Required = true };
        var coded = new Option<string[]>("--coded") { Description = "Coded CSVs / coding sheets / REFI-QDA projects (.qdpx): documents coded there are not picked again; repeatable" };
        var diversity = new Option<double>("--diversity") { Description = "Diversity weight λ: score = uncertainty − λ·(similarity to a document already picked); 0 = most uncertain first", DefaultValueFactory = _ => NextOptions.DefaultDiversity };
        var uncertainty = new Option<string>("--uncertainty") { Description = "Multi-label uncertainty: rarity (mean closeness of the labels to their thresholds, rare labels weighted up; default), mean (unweighted) or nearest (the label nearest its threshold)", DefaultValueFactory = _ => "rarity" };
        var seed = new Option<int>("--seed") { Description = "Seed of the tie-break order", DefaultValueFactory = _ => 42 };
        var textColumns = new Option<string?>("--text-columns") { Description = "CSV/XLSX --docs: text columns, e.g. title,text" };
        var idColumn = ClassificationCli.IdColumnOption();
        var command = new Command("next", "Pick the documents to hand-code next: the model's most uncertain ones, not near-duplicates of each other, already-coded ones excluded; writes a coding sheet.")
        {
            model, docs, count, output, coded, diversity, uncertainty, seed, textColumns, idColumn,
        };
        command.SetAction(parse => ClassificationCli.Guard(console, "next", () =>
        {
            var outPath = parse.GetValue(output)!;
            OutputCheck.EnsureWritableFile(outPath, "-o");
            var n = parse.GetValue(count);
            if (n < 1)
            {
                throw new ArgumentException($"-n {n}: give how many documents to pick (at least 1).");
            }
            var measure = parse.GetValue(uncertainty) switch
            {
                "nearest" => UncertaintyMeasure.NearestLabel,
                "mean" => UncertaintyMeasure.MeanOverLabels,
                "rarity" => UncertaintyMeasure.RarityWeighted,
                var other => throw new ArgumentException($"--uncertainty {other}: use nearest, mean or rarity."),
            };
            var lambda = parse.GetValue(diversity);
            if (lambda < 0 || double.IsNaN(lambda))
            {
                throw new ArgumentException($"--diversity {lambda.ToString(CultureInfo.InvariantCulture)}: give a weight ≥ 0 (0 = no diversity term; default {NextOptions.DefaultDiversity.ToString(CultureInfo.InvariantCulture)}).");
            }
            var ext = Path.GetExtension(outPath).ToLowerInvariant();
            if (ext is not (".xlsx" or ".csv"))
            {
                throw new ArgumentException($"-o {outPath}: the coding sheet must end in .xlsx (drop-downs, for Excel/LibreOffice/WPS) or .csv.");
            }
            var picksPath = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(outPath))!, Path.GetFileNameWithoutExtension(outPath) + ".picks.csv");
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var modelDir = parse.GetValue(model);
            if (modelDir is null)
            {
                // First round: nothing trained yet. The shipped fields model's uncertainty is a better start than a
                // random draw (it knows the policy fields), and the sheet says which tasks it covers.
                if (!ShippedModels.FieldsAvailable)
                {
                    throw new ArgumentException($"give --model DIR (a folder written by `policyminer train`); the shipped fields model, used when --model is left out, is missing from {ShippedModels.FieldsDirectory}.");
                }
                modelDir = ShippedModels.FieldsDirectory;
                console.Err.WriteLine($"next: no --model given: ranking by the shipped fields model (models/{ShippedModels.FieldsName}); the sheet has its tasks only. After your first `policyminer train`, pass --model models/<yours>.");
            }
            var loaded = ClassifierModel.Load(modelDir, ClassificationCli.Segmenter, w => console.Err.WriteLine($"next: warning: {w}"));
            var card = loaded.Card;
            var book = card.Codebook with { Tasks = card.Tasks.Select(t => card.Codebook.Find(t.Name)!).ToArray() };
            var documents = InputDocuments.Read(parse.GetValue(docs)!, ClassificationCli.TextColumns(parse.GetValue(textColumns)) ?? card.Options.TextColumns, parse.GetValue(idColumn));
            foreach (var w in documents.Warnings)
            {
                console.Err.WriteLine($"next: warning: {w}");
            }
            var codedFiles = parse.GetValue(coded) ?? [];
            CodedSet? codedSet = null;
            if (codedFiles.Length > 0)
            {
                codedSet = CodedLabels.Read(codedFiles, card.Codebook, card.Tasks.Select(t => new TaskSpec(t.Name, null)).ToArray());
                foreach (var w in codedSet.Warnings)
                {
                    console.Err.WriteLine($"next: warning: {w}");
                }
            }
            if (card.TrainingDocumentIds.Count == 0)
            {
                console.Err.WriteLine($"next: warning: the model card does not list its training documents (trained by an older PolicyMiner); give the coded files with --coded so coded documents are not picked again, or retrain.");
            }
            var among = NextToCode.FindCoded(documents.Documents, card, codedSet);
            if (among.CodedFilesMatch is { } match)
            {
                // Coded files may also hold documents that are not candidates (coded in an earlier folder): a note, not an error.
                console.Err.WriteLine($"next: {match.Summary(string.Join(", ", codedFiles), codedSet!.KeyColumn)}" + (match.Unmatched.Count > 0 ? " (those are not among the candidates)" : ""));
            }
            console.Err.WriteLine($"next: {documents.Documents.Count} candidate documents from {parse.GetValue(docs)}; excluded as already coded: {among.InTraining.Count} the model was trained on, {among.InCodedFiles.Count} coded in --coded files ({among.All.Count} in all)");
            var picks = NextToCode.Select(loaded, documents.Documents, among.All, new NextOptions
            {
                Count = n,
                Diversity = lambda,
                Uncertainty = measure,
                Seed = parse.GetValue(seed),
            });
            if (picks.Count == 0)
            {
                throw new InvalidDataException($"no document left to pick: every one of the {documents.Documents.Count} documents in {parse.GetValue(docs)} is already coded. Give --docs with uncoded documents.");
            }
            CodingSheet.Write(outPath, book, picks.Select(p => p.Document).ToArray(), picks.Select(p => p.Prediction).ToArray());
            NextToCode.WritePicks(picksPath, picks, lambda);
            foreach (var p in picks.Take(5))
            {
                console.Err.WriteLine($"  {p.Rank,3}. {p.Document.Id}  uncertainty {p.Uncertainty:0.000}  similarity {p.Similarity:0.000}  {p.Document.Title}");
            }
            console.Err.WriteLine($"next: picked {picks.Count} (uncertainty {picks.Max(p => p.Uncertainty):0.00}–{picks.Min(p => p.Uncertainty):0.00}) in {watch.Elapsed.TotalSeconds:0.0} s; wrote {outPath} (rows in rank order: code from the top) and {picksPath}");
            return 0;
        }));
        return command;
    }
}
