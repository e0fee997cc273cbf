using System.CommandLine;
using System.Diagnostics;
using PolicyMiner.Extraction;
using PolicyMiner.Pipeline;

namespace PolicyMiner.Cli;

/// <summary><c>policyminer run &lt;input…&gt; -o OUT</c>: extract → (train) → classify → export, resumable (<see cref="RunPipeline"/>).</summary>
internal static class RunCommand
{
    public static Command Create(CliConsole console)
    {
        var inputs = new Argument<string[]>("inputs") { Description = "Documents to code: files and/or folders (pdf, docx, html, txt, md).", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--output", "-o") { Description = "Output folder (dataset, network/, report.html, manifest.json, …).", Required = true };
        var model = new Option<string?>("--model") { Description = "Classify with this model folder (written by `policyminer train`)." };
        var labels = new Option<string[]>("--labels") { Description = "Train a model into OUT/model from this hand-coded CSV (repeatable); needs --train-docs." };
        var trainDocs = new Option<string?>("--train-docs") { Description = "With --labels: the coded documents (folder of .txt/.md, documents.jsonl, or CSV/XLSX with doc_id and text)." };
        var seedWords = new Option<bool>("--seed-words") { Description = "Cold start without a model: code from the codebook's seed words (weak baseline)." };
        var noLabels = new Option<bool>("--no-labels") { Description = "Extract and export only, no classification (without any label option, run codes with the shipped fields model + seed words)." };
        var codebook = new Option<string?>("--codebook") { Description = "Codebook JSON for --labels / --seed-words (default: the built-in codebook, see `policyminer codebook`)." };
        var seed = new Option<int>("--seed") { Description = "Training seed (same inputs + seed → identical model).", DefaultValueFactory = _ => 42 };
        var ocr = new Option<string>("--ocr") { Description = "OCR pages without a text layer: auto (if tesseract is installed), off, force.", DefaultValueFactory = _ => "auto" };
        ocr.AcceptOnlyFromAmong("auto", "off", "force");
        var toSimplified = new Option<bool>("--to-simplified") { Description = "Convert Traditional Chinese to Simplified (OpenCC t2s tables)." };
        var jobs = new Option<int>("--jobs", "-j") { Description = "Files extracted in parallel (default: all cores).", DefaultValueFactory = _ => Environment.ProcessorCount };
        var command = new Command("run", "Everything end to end: extract → classify (with --model, or train from --labels, or --seed-words) → export; skips stages whose inputs are unchanged.")
        {
            inputs, output, model, labels, trainDocs, seedWords, noLabels, codebook, seed, ocr, toSimplified, jobs,
        };
        var limits = new ExtractLimits();
        limits.AddTo(command);
        var wait = new Option<bool>("--wait") { Description = "If another run is working in the output folder, wait for it to finish instead of refusing." };
        command.Options.Add(wait);
        var shard = ShardOption.Create();
        command.Options.Add(shard);
        var qdpx = new Option<bool>("--qdpx") { Description = "Also write OUT/project.qdpx, a REFI-QDA project (documents, codebook, machine codes by the user PolicyMiner) for NVivo, ATLAS.ti, MAXQDA, QDA Miner; read people's codes back with `train --labels project.qdpx`." };
        command.Options.Add(qdpx);
        command.SetAction(parse => ClassificationCli.Guard(console, "run", () =>
        {
            var labelFiles = parse.GetValue(labels) ?? [];
            var chosen = (parse.GetValue(model) is not null ? 1 : 0) + (labelFiles.Length > 0 ? 1 : 0) + (parse.GetValue(seedWords) ? 1 : 0) + (parse.GetValue(noLabels) ? 1 : 0);
            if (chosen > 1)
            {
                throw new ArgumentException("give only one of --model DIR, --labels CODED.csv (with --train-docs), --seed-words or --no-labels.");
            }
            var options = new RunOptions
            {
                Inputs = parse.GetValue(inputs) ?? [],
                Output = parse.GetValue(output)!,
                LabelSource = parse.GetValue(model) is not null ? RunLabelSource.Model
                    : labelFiles.Length > 0 ? RunLabelSource.Train
                    : parse.GetValue(seedWords) ? RunLabelSource.SeedWords
                    : parse.GetValue(noLabels) ? RunLabelSource.None : RunLabelSource.Shipped,
                Model = parse.GetValue(model),
                Labels = labelFiles,
                TrainDocs = parse.GetValue(trainDocs),
                Codebook = parse.GetValue(codebook),
                Seed = parse.GetValue(seed),
                Wait = parse.GetValue(wait),
                Shard = ShardOption.Get(parse, shard),
                Qdpx = parse.GetValue(qdpx),
                Extract = limits.Apply(parse, new ExtractOptions
                {
                    Ocr = parse.GetValue(ocr) switch { "off" => OcrMode.Off, "force" => OcrMode.Force, _ => OcrMode.Auto },
                    ToSimplified = parse.GetValue(toSimplified),
                    MaxParallelism = Math.Max(1, parse.GetValue(jobs)),
                }),
            };
            if (options.LabelSource == RunLabelSource.None)
            {
                console.Err.WriteLine("run: --no-labels: extracting and exporting without labels.");
            }
            var watch = Stopwatch.StartNew();
            var result = RunPipeline.Run(options, console.Err.WriteLine, ExtractProgressLines(console));
            var manifest = Path.Combine(options.Output, RunManifest.FileName);
            console.Err.WriteLine($"run: finished in {watch.Elapsed.TotalSeconds:0.0} s; outputs in {options.Output}, what was done in {manifest}");
            if (result.Errors.Count == 0)
            {
                return 0;
            }
            return console.ErrorRows($"run: {result.Errors.Count} files could not be read", result.DocumentsPath, result.Errors, result.Errors.Count);
        }));
        return command;
    }

    // One progress display: plain stage lines, with extract progress every 5 s (and at the end).
    private static Progress ExtractProgressLines(CliConsole console)
    {
        var gate = new object();
        var clock = Stopwatch.StartNew();
        var last = TimeSpan.Zero;
        int failed = 0, reused = 0;
        return new Progress(p =>
        {
            lock (gate)
            {
                failed += p.Failed ? 1 : 0;
                reused += p.Reused ? 1 : 0;
                if (p.Done == p.Total || clock.Elapsed - last >= TimeSpan.FromSeconds(5))
                {
                    last = clock.Elapsed;
                    console.Err.WriteLine($"run: extract: {p.Done}/{p.Total} files ({failed} failed, {reused} unchanged and reused)");
                }
            }
        });
    }

    private sealed class Progress(Action<ExtractProgress> report) : IProgress<ExtractProgress>
    {
        public void Report(ExtractProgress value) => report(value);
    }
}
