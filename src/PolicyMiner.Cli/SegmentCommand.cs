using System.CommandLine;
using PolicyMiner.Segmentation;

namespace PolicyMiner.Cli;

/// <summary><c>policyminer segment documents.jsonl -o segmented.jsonl</c>: jieba tokens with UTF-16 offsets per document.</summary>
internal static class SegmentCommand
{
    public static Command Create(CliConsole console)
    {
        var input = new Argument<string>("documents") { Description = "documents.jsonl written by `policyminer extract`." };
        var output = new Option<string>("--output", "-o") { Description = "segmented.jsonl to write: {id, path, tokens: [[word, start, end], …]} per document, offsets into the record's text (UTF-16).", Required = true };
        var shardOption = ShardOption.Create();
        var command = new Command("segment", "Segment extracted documents into words (jieba precise mode) with their offsets in the text.")
        {
            input, output, shardOption,
        };
        command.SetAction(parse => ClassificationCli.Guard(console, "segment", () =>
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var shard = ShardOption.Get(parse, shardOption);
            OutputCheck.EnsureWritableFile(parse.GetValue(output)!, "-o");
            var result = shard is null
                ? SegmentStage.Run(parse.GetValue(input)!, parse.GetValue(output)!)
                : Sharding.ShardedStages.Segment(parse.GetValue(input)!, parse.GetValue(output)!, shard);
            console.Err.WriteLine($"segment: {result.Documents} documents, {result.Tokens} tokens → {parse.GetValue(output)} in {watch.Elapsed.TotalSeconds:0.0} s" +
                (result.ErrorRows > 0 ? $" ({result.ErrorRows} extract error rows passed through without tokens)" : ""));
            return 0;
        }));
        return command;
    }
}
