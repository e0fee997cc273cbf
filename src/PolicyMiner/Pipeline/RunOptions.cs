using PolicyMiner.Extraction;

namespace PolicyMiner.Pipeline;

/// <summary>How the <c>run</c> pipeline gets its labels.</summary>
public enum RunLabelSource
{
    /// <summary>Classify with a model folder written by <c>train</c>.</summary>
    Model,

    /// <summary>Train a model into <c>&lt;out&gt;/model</c> from coded CSV(s) and training documents, then classify.</summary>
    Train,

    /// <summary>Cold start: the codebook's seed words (a weak baseline).</summary>
    SeedWords,

    /// <summary>No classification: extract and export only.</summary>
    None,

    /// <summary>
    /// Nothing given: the shipped fields model (<see cref="Classification.ShippedModels"/>) for the tasks it has, the
    /// codebook's seed words for the others (a cold start).
    /// </summary>
    Shipped,
}

/// <summary>Options of <c>policyminer run</c>.</summary>
public sealed record RunOptions
{
    /// <summary>Files and folders to extract and classify.</summary>
    public required IReadOnlyList<string> Inputs { get; init; }

    /// <summary>Output folder.</summary>
    public required string Output { get; init; }

    /// <summary>Where the labels come from.</summary>
    public RunLabelSource LabelSource { get; init; } = RunLabelSource.None;

    /// <summary>Model folder for <see cref="RunLabelSource.Model"/>.</summary>
    public string? Model { get; init; }

    /// <summary>Coded CSV(s) for <see cref="RunLabelSource.Train"/>.</summary>
    public IReadOnlyList<string> Labels { get; init; } = [];

    /// <summary>Training documents (what <c>train --docs</c> accepts) for <see cref="RunLabelSource.Train"/>.</summary>
    public string? TrainDocs { get; init; }

    /// <summary>Codebook JSON (training and seed words); null = the built-in codebook (<see cref="Classification.Codebook.BuiltIn"/>).</summary>
    public string? Codebook { get; init; }

    /// <summary>Training seed.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Extraction options (OCR mode, Traditional → Simplified, parallelism).</summary>
    public ExtractOptions Extract { get; init; } = new();

    /// <summary>
    /// Work on one shard of the inputs only (<c>--shard i/n</c>): doc_ids are given over the whole batch, this run keeps its
    /// shard's documents, extracts, segments and classifies them (never trains; export is left to <c>policyminer merge</c>).
    /// Null = the whole batch.
    /// </summary>
    public Sharding.Shard? Shard { get; init; }

    /// <summary>Also write <c>project.qdpx</c> (REFI-QDA project: documents, codebook, machine codes) for NVivo, ATLAS.ti, MAXQDA.</summary>
    public bool Qdpx { get; init; }

    /// <summary>When another run holds the output folder (<see cref="RunLock"/>): wait for it instead of refusing.</summary>
    public bool Wait { get; init; }
}
