using System.Text.Json;
using System.Text.Json.Serialization;

namespace PolicyMiner.Pipeline;

/// <summary>A file and the SHA-256 of its bytes.</summary>
/// <param name="Path">Path as given (inputs) or relative to the output folder (outputs).</param>
/// <param name="Sha256">Lower-case hex SHA-256.</param>
public sealed record HashedFile(string Path, string Sha256);

/// <summary>One stage in <c>manifest.json</c>.</summary>
public sealed record StageRecord
{
    /// <summary>Stage verb: extract, train, classify, export.</summary>
    public required string Stage { get; init; }

    /// <summary><c>ran</c>, or <c>skipped</c> (inputs unchanged and outputs intact since the run that made them).</summary>
    public required string Status { get; init; }

    /// <summary>SHA-256 over everything the stage depends on: input hashes, options, model hash, tool build.</summary>
    public required string Key { get; init; }

    /// <summary>Wall-clock seconds of the run that last produced the outputs (kept from that run when skipped).</summary>
    public double Seconds { get; init; }

    /// <summary>What the stage did, in words.</summary>
    public string? Summary { get; init; }

    /// <summary>Files written, relative to the output folder, with their hashes.</summary>
    public IReadOnlyList<HashedFile> Outputs { get; init; } = [];
}

/// <summary>The model used to classify.</summary>
/// <param name="Source">given (--model), trained (from --labels), seed-words.</param>
/// <param name="Path">Model folder or codebook.</param>
/// <param name="Sha256">SHA-256 of model.zip (or of the codebook for seed words).</param>
public sealed record ModelRecord(string Source, string Path, string Sha256);

/// <summary><c>manifest.json</c>: what produced the files in a run's output folder.</summary>
public sealed record RunManifest
{
    /// <summary>File name inside the output folder.</summary>
    public const string FileName = "manifest.json";

    /// <summary>Tool version.</summary>
    public required string ToolVersion { get; init; }

    /// <summary>Build of the library (module version id; changes when the code changes).</summary>
    public required string ToolBuild { get; init; }

    /// <summary>Options of the run.</summary>
    public required IReadOnlyDictionary<string, string> Options { get; init; }

    /// <summary>Documents given to extract, with hashes (sorted by path).</summary>
    public required IReadOnlyList<HashedFile> Inputs { get; init; }

    /// <summary>Training documents and coded CSVs (training runs only).</summary>
    public IReadOnlyList<HashedFile> TrainingInputs { get; init; } = [];

    /// <summary>The model used, if any.</summary>
    public ModelRecord? Model { get; init; }

    /// <summary>Stages in order.</summary>
    public required IReadOnlyList<StageRecord> Stages { get; init; }

    /// <summary>The shard (<c>i/n</c>) of a <c>run --shard</c>, or null for a whole batch.</summary>
    public string? Shard { get; init; }

    /// <summary>Extract error rows (files that could not be read).</summary>
    public int ErrorRows { get; init; }

    /// <summary>
    /// False while a run is working (the manifest is rewritten after each stage): the stages listed finished, the others
    /// were not reached (killed, crashed, or still running — see <see cref="RunLock"/>). True when the run ended.
    /// </summary>
    public bool Complete { get; init; } = true;

    /// <summary>JSON settings (snake_case, indented).</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Reads a manifest; null when missing or unreadable (then every stage runs).</summary>
    public static RunManifest? TryRead(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }
        try
        {
            using var stream = File.OpenRead(path);
            return JsonSerializer.Deserialize<RunManifest>(stream, JsonOptions);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Writes the manifest atomically.</summary>
    public void Write(string path) => AtomicFile.WriteStream(path, stream =>
    {
        // Serialized straight into the file (the same UTF-8 bytes as through a string): a batch of 100,000 inputs made
        // a 30 MB string, and its copy with the line end, at every stage.
        JsonSerializer.Serialize(stream, this, JsonOptions);
        stream.WriteByte((byte)'\n');
    });
}
