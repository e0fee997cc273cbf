using System.CommandLine;
using System.Diagnostics;
using PolicyMiner.Sharding;

namespace PolicyMiner.Cli;

/// <summary><c>policyminer merge SHARD_DIRS… -o OUT</c>: joins the shards of one batch and exports once (<see cref="ShardMerge"/>).</summary>
internal static class MergeCommand
{
    public static Command Create(CliConsole console)
    {
        var shards = new Argument<string[]>("shards") { Description = "The shard folders (the -o folders of `run --shard i/n`, or where extract/segment/classify --shard wrote), all n of them, in any order.", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--output", "-o") { Description = "Output folder: the files a single run would have written (documents, segmented, labeled, review, dataset, network/, report.html, manifest.json).", Required = true };
        var model = new Option<string?>("--model") { Description = "The model folder the shards classified with, when the path they recorded is not found from here (its model.zip must be the same)." };
        var wait = new Option<bool>("--wait") { Description = "If another run or merge is working in the output folder, wait for it instead of refusing." };
        var noExport = new Option<bool>("--no-export") { Description = "Only join the shards' files (documents, segmented, labeled, review); no dataset, networks or report." };
        var command = new Command("merge", "Join the outputs of `--shard i/n` runs into what a single run writes, then export once (dataset, networks, report).")
        {
            shards, output, model, wait, noExport,
        };
        command.SetAction(parse => ClassificationCli.Guard(console, "merge", () =>
        {
            var watch = Stopwatch.StartNew();
            var options = new MergeOptions
            {
                Shards = parse.GetValue(shards) ?? [],
                Output = parse.GetValue(output)!,
                Model = parse.GetValue(model),
                Wait = parse.GetValue(wait),
                NoExport = parse.GetValue(noExport),
            };
            var result = ShardMerge.Run(options, console.Err.WriteLine);
            console.Err.WriteLine($"merge: {result.Documents} documents from {options.Shards.Count} shards in {watch.Elapsed.TotalSeconds:0.0} s; outputs in {options.Output}");
            if (result.Errors.Count == 0)
            {
                return 0;
            }
            return console.ErrorRows($"merge: {result.Errors.Count} files could not be read", Path.Combine(options.Output, Pipeline.RunPipeline.DocumentsFile), result.Errors, result.Errors.Count);
        }));
        return command;
    }
}
