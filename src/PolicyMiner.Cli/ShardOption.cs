using System.CommandLine;
using PolicyMiner.Sharding;

namespace PolicyMiner.Cli;

/// <summary>The <c>--shard i/n</c> option of extract, segment, classify and run.</summary>
internal static class ShardOption
{
    public static Option<string?> Create() => new("--shard")
    {
        Description = "Work on shard i of n only (1-based, e.g. 2/8 or $SLURM_ARRAY_TASK_ID/8 in a job array of 8): each document belongs to one shard by a hash of its doc_id; join the shard folders with `policyminer merge`.",
    };

    /// <summary>The parsed shard, or null when the option was not given; a bad value throws <see cref="ArgumentException"/> with the message.</summary>
    public static Shard? Get(ParseResult parse, Option<string?> option) =>
        parse.GetResult(option) is null ? null : Shard.Parse(parse.GetValue(option));
}
