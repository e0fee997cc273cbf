using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using PolicyMiner.Extraction;
using Spectre.Console;

namespace PolicyMiner.Cli;

/// <summary><c>policyminer extract &lt;files or folders…&gt; -o documents.jsonl</c>: the extract stage.</summary>
internal static class ExtractCommand
{
    public static Command Create(CliConsole console)
    {
        var inputs = new Argument<string[]>("inputs") { Description = "Files and/or folders (searched recursively) of pdf, docx, html, txt, md documents.", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--output", "-o") { Description = "Output documents.jsonl (a documents.csv summary is written beside it).", Required = true };
        var ocr = new Option<string>("--ocr") { Description = "OCR pages without a text layer: auto (if tesseract is installed), off, force.", DefaultValueFactory = _ => "auto" };
        ocr.AcceptOnlyFromAmong("auto", "off", "force");
        var toSimplified = new Option<bool>("--to-simplified") { Description = "Convert Traditional Chinese to Simplified (OpenCC t2s tables)." };
        var jobs = new Option<int>("--jobs", "-j") { Description = "Files extracted in parallel (default: all cores).", DefaultValueFactory = _ => Environment.ProcessorCount };
        var shard = ShardOption.Create();
        var command = new Command("extract", "Extract text, metadata and a quality report from documents into documents.jsonl (+ documents.csv).")
        {
            inputs, output, ocr, toSimplified, jobs, shard,
        };
        var limits = new ExtractLimits();
        limits.AddTo(command);
        command.SetAction(parse => Run(
            console,
            parse,
            shard,
            parse.GetValue(inputs) ?? [],
            parse.GetValue(output)!,
            limits.Apply(parse, new ExtractOptions
            {
                Ocr = parse.GetValue(ocr) switch { "off" => OcrMode.Off, "force" => OcrMode.Force, _ => OcrMode.Auto },
                ToSimplified = parse.GetValue(toSimplified),
                MaxParallelism = Math.Max(1, parse.GetValue(jobs)),
            })));
        return command;
    }

    private static int Run(CliConsole console, ParseResult parse, Option<string?> shardOption, string[] inputs, string output, ExtractOptions options)
    {
        Sharding.Shard? shard;
        try
        {
            shard = ShardOption.Get(parse, shardOption);
            OutputCheck.EnsureWritableFile(output, "-o");
        }
        catch (Exception ex) when (ex is IOException or ArgumentException)
        {
            console.Err.WriteLine($"extract: error: {ex.Message}");
            return CliApp.ExitError;
        }
        var extractor = new Extractor(options);
        Func<IProgress<ExtractProgress>, ExtractBatchResult> batch = shard is null
            ? progress => extractor.ExtractBatch(inputs, output, progress)
            : progress => Sharding.ShardedStages.Extract(extractor, inputs, output, shard, progress);
        ExtractBatchResult result;
        try
        {
            result = console.IsErrorRedirected
                ? RunWithPlainProgress(console, batch)
                : RunWithProgressBar(console, batch);
        }
        catch (FileNotFoundException ex)
        {
            console.Err.WriteLine($"extract: error: {ex.Message}");
            return CliApp.ExitError;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            console.Err.WriteLine($"extract: error: cannot write {output} ({ex.Message}). Check that the folder exists and is writable.");
            return CliApp.ExitError;
        }
        var csv = DocumentsCsv.PathFor(output);
        try
        {
            DocumentsCsv.Write(csv, result.Documents);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // e.g. the disk filled up after documents.jsonl was written: say so, without a stack trace
            console.Err.WriteLine($"extract: error: {output} was written, but {csv} could not be ({ex.Message}). Free some disk space (or fix the folder's permissions) and run extract again; unchanged files are reused.");
            return CliApp.ExitError;
        }
        var err = console.Err;
        if (shard is not null)
        {
            err.WriteLine($"extract: shard {shard}: this shard's {result.Documents.Count} files (doc_ids given over the whole batch); shard recorded in {Path.Combine(Sharding.ShardFile.FolderOf(output), Sharding.ShardFile.FileName)}; join the shards with `policyminer merge`");
        }
        err.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"extract: {result.Documents.Count} files → {output} and {csv} in {result.Elapsed.TotalSeconds:0.0} s ({result.Reused} unchanged, reused from the previous run)"));
        if (result.Workers is { } workers)
        {
            err.WriteLine($"extract: {workers}");
        }
        if (result.Skipped.Count > 0)
        {
            var byExt = result.Skipped.GroupBy(p => Path.GetExtension(p).ToLowerInvariant()).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => $"{(g.Key.Length == 0 ? "(none)" : g.Key)} ×{g.Count()}");
            err.WriteLine($"extract: skipped {result.Skipped.Count} files in the folders that are not documents: {string.Join(", ", byExt)}");
        }
        if (result.Duplicates > 0)
        {
            err.WriteLine($"extract: {result.Duplicates} files are byte-identical copies of an earlier file (same sha256); each keeps its row, marked duplicate_of = the first one's doc_id");
        }
        var needsOcr = result.Documents.Count(d => d.Quality.NeedsOcr);
        if (needsOcr > 0)
        {
            err.WriteLine($"extract: {needsOcr} documents have pages without text that were not OCR'd (needs_ocr = true); install tesseract with chi_sim and run again");
        }
        if (result.Failed == 0)
        {
            return 0;
        }
        return console.ErrorRows($"extract: {result.Failed} of {result.Documents.Count} files failed", output, result.Documents.Where(d => d.IsError).Select(d => d.Error), result.Failed);
    }

    private static ExtractBatchResult RunWithPlainProgress(CliConsole console, Func<IProgress<ExtractProgress>, ExtractBatchResult> batch)
    {
        var gate = new object();
        var clock = Stopwatch.StartNew();
        var lastReport = TimeSpan.Zero;
        int failed = 0, reused = 0;
        var progress = new CallbackProgress(p =>
        {
            lock (gate)
            {
                failed += p.Failed ? 1 : 0;
                reused += p.Reused ? 1 : 0;
                if (p.Done == p.Total || clock.Elapsed - lastReport >= TimeSpan.FromSeconds(5))
                {
                    lastReport = clock.Elapsed;
                    console.Err.WriteLine($"extract: {p.Done}/{p.Total} files ({failed} failed, {reused} reused)");
                }
            }
        });
        return batch(progress);
    }

    private static ExtractBatchResult RunWithProgressBar(CliConsole console, Func<IProgress<ExtractProgress>, ExtractBatchResult> batch)
    {
        var ansi = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(console.Err) });
        ExtractBatchResult? result = null;
        ansi.Progress().Start(ctx =>
        {
            var task = ctx.AddTask("extract");
            var gate = new object();
            result = batch(new CallbackProgress(p =>
            {
                lock (gate)
                {
                    task.MaxValue = p.Total;
                    task.Value = p.Done;
                }
            }));
            task.Value = task.MaxValue;
        });
        return result!;
    }

    private sealed class CallbackProgress(Action<ExtractProgress> report) : IProgress<ExtractProgress>
    {
        public void Report(ExtractProgress value) => report(value);
    }
}
