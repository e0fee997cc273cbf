using System.Text.Json;
using PolicyMiner.Pipeline;

namespace PolicyMiner.Sharding;

/// <summary>What one stage wrote into a shard folder (an entry of <c>shard.json</c>).</summary>
public sealed record ShardStage
{
    /// <summary>The stage's main output, relative to the shard folder (documents.jsonl, segmented.jsonl, labeled.csv).</summary>
    public required string File { get; init; }

    /// <summary>extract: the extractor's fingerprint (tool build and options; <see cref="Extraction.Extractor.Fingerprint"/>), so merge can key and cache the joined records as a single run does.</summary>
    public string? Fingerprint { get; init; }

    /// <summary>classify: the review file beside the labeled CSV.</summary>
    public string? ReviewFile { get; init; }

    /// <summary>classify --sheet: the coding sheet, relative to the shard folder (null when none was written); merge joins them.</summary>
    public string? Sheet { get; init; }

    /// <summary>Documents (records) of this shard the stage wrote.</summary>
    public int Documents { get; init; }

    /// <summary>classify: where the codes came from: given (--model), shipped, seed-words.</summary>
    public string? ModelSource { get; init; }

    /// <summary>classify: the model folder (given) or codebook (seed words) as the stage saw it.</summary>
    public string? ModelPath { get; init; }

    /// <summary>classify: SHA-256 of model.zip (or of the codebook for seed words); shards of one merge must agree.</summary>
    public string? ModelSha256 { get; init; }

    /// <summary>classify: the codebook file given (null = built-in).</summary>
    public string? Codebook { get; init; }

    /// <summary>classify with the shipped model or seed words: SHA-256 of the codebook (file or built-in); shards of one merge must agree.</summary>
    public string? CodebookSha256 { get; init; }
}

/// <summary>
/// <c>shard.json</c>, written beside a shard's outputs by <c>extract</c>, <c>segment</c>, <c>classify</c> and <c>run</c>
/// with <c>--shard i/n</c>: which shard the folder holds, the identity of the whole batch (when the stage saw it) and
/// per stage what it wrote. <c>policyminer merge</c> reads it to check that the shards given fit together.
/// </summary>
public sealed record ShardFile
{
    /// <summary>File name inside a shard folder.</summary>
    public const string FileName = "shard.json";

    /// <summary>The shard, <c>i/n</c>.</summary>
    public required string Shard { get; init; }

    /// <summary>Documents in the whole batch (all shards), when the stage collected the inputs (extract, run).</summary>
    public int? BatchDocuments { get; init; }

    /// <summary><see cref="Sharding.Shard.BatchHash"/> of the whole batch, when known.</summary>
    public string? BatchSha256 { get; init; }

    /// <summary>Stages that wrote into this folder, by verb.</summary>
    public SortedDictionary<string, ShardStage> Stages { get; init; } = new(StringComparer.Ordinal);

    /// <summary>The parsed shard.</summary>
    public Shard Parsed() => Sharding.Shard.Parse(Shard);

    /// <summary>Reads <c>shard.json</c> from a folder; null when there is none. A damaged file is an error naming it.</summary>
    public static ShardFile? TryRead(string folder)
    {
        var path = Path.Combine(folder, FileName);
        if (!System.IO.File.Exists(path))
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize<ShardFile>(System.IO.File.ReadAllText(path), RunManifest.JsonOptions)
                ?? throw new InvalidDataException($"{path}: empty (null). Run the shard again.");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path}: not a valid shard record ({ex.Message}). Run the shard again to re-create it.", ex);
        }
    }

    /// <summary>
    /// Records a stage in <c>folder/shard.json</c> (atomically). A record of another shard in the same folder is
    /// replaced (its outputs are being overwritten); the batch identity is kept unless given anew.
    /// </summary>
    public static void Record(string folder, Shard shard, string stage, ShardStage entry, int? batchDocuments = null, string? batchSha256 = null)
    {
        ArgumentNullException.ThrowIfNull(shard);
        ArgumentNullException.ThrowIfNull(entry);
        ShardFile? previous;
        try
        {
            previous = TryRead(folder);
        }
        catch (InvalidDataException)
        {
            previous = null;
        }
        if (previous is not null && previous.Shard != shard.ToString())
        {
            previous = null;
        }
        var stages = new SortedDictionary<string, ShardStage>(previous?.Stages ?? new SortedDictionary<string, ShardStage>(), StringComparer.Ordinal)
        {
            [stage] = entry,
        };
        var file = new ShardFile
        {
            Shard = shard.ToString(),
            BatchDocuments = batchDocuments ?? previous?.BatchDocuments,
            BatchSha256 = batchSha256 ?? previous?.BatchSha256,
            Stages = stages,
        };
        Directory.CreateDirectory(folder);
        AtomicFile.Write(Path.Combine(folder, FileName), w => w.Write(JsonSerializer.Serialize(file, RunManifest.JsonOptions) + "\n"));
    }

    /// <summary>The folder a stage output lies in (its shard folder).</summary>
    public static string FolderOf(string outputPath) => Path.GetDirectoryName(Path.GetFullPath(outputPath))!;
}
