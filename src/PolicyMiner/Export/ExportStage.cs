using System.Reflection;
using PolicyMiner.Export.Qdpx;
using PolicyMiner.Extraction;
using PolicyMiner.Networks;

namespace PolicyMiner.Export;

/// <summary>Options of the export stage.</summary>
public sealed record ExportOptions
{
    /// <summary><c>documents.jsonl</c> from extract.</summary>
    public required string Documents { get; init; }

    /// <summary>Labeled CSV from classify (optional).</summary>
    public string? Labeled { get; init; }

    /// <summary>Hand-coded CSV (optional), keyed by doc_id or file.</summary>
    public string? Coded { get; init; }

    /// <summary>Model folder (or model-card.json) for codebook names and metrics (optional).</summary>
    public string? Model { get; init; }

    /// <summary>Output folder.</summary>
    public required string Output { get; init; }

    /// <summary>Dataset formats: csv, xlsx, jsonl, stata (stata implies csv).</summary>
    public IReadOnlySet<string> Formats { get; init; } = new HashSet<string>(AllFormats, StringComparer.Ordinal);

    /// <summary>Write the signatory network files.</summary>
    public bool Network { get; init; }

    /// <summary>Also write edges per year.</summary>
    public bool ByYear { get; init; }

    /// <summary>Also write edges per label of this task (e.g. fields).</summary>
    public string? ByField { get; init; }

    /// <summary>Tie weighting.</summary>
    public EdgeWeighting Weighting { get; init; } = EdgeWeighting.Count;

    /// <summary>Which documents tie their parties: agreements (co-signing), jointly issued documents (co-issuance) or both.</summary>
    public NetworkRelation Relation { get; init; } = NetworkRelation.All;

    /// <summary>Also write a REFI-QDA project (.qdpx) here, for NVivo, ATLAS.ti, MAXQDA and QDA Miner (null: none).</summary>
    public string? Qdpx { get; init; }

    /// <summary>The codebook of the labels when no model card gives it (seed words with --codebook); null = the built-in one.</summary>
    public Classification.Codebook? Codebook { get; init; }

    /// <summary>Write report.html.</summary>
    public bool Report { get; init; }

    /// <summary>The labeled CSV comes from seed words (<c>run --seed-words</c>): its <c>*_prob</c> columns are scores,
    /// and the dataset's variable labels say so instead of "probability".</summary>
    public bool SeedWordScores { get; init; }

    /// <summary>The command line that asked for this export (shown in the report's provenance), or null.</summary>
    public string? CommandLine { get; init; }

    /// <summary>Every dataset format.</summary>
    public static IReadOnlyList<string> AllFormats { get; } = ["csv", "xlsx", "jsonl", "stata"];
}

/// <summary>What the export stage wrote.</summary>
/// <param name="Files">Paths written, in order.</param>
/// <param name="Warnings">Things the user should know.</param>
/// <param name="Rows">Documents exported.</param>
/// <param name="Network">The government-level network, when requested: its nodes and edges (its per-document lists,
/// <see cref="SignatoryNetwork.Ties"/> and <see cref="SignatoryNetwork.Agreements"/>, were read from the export's
/// temporary spool, which is gone once <see cref="ExportStage.Run"/> returns).</param>
/// <param name="PartyNetwork">The party-level network, when requested (the same holds).</param>
public sealed record ExportResult(IReadOnlyList<string> Files, IReadOnlyList<string> Warnings, int Rows, SignatoryNetwork? Network, SignatoryNetwork? PartyNetwork = null);

/// <summary>The <c>export</c> stage: dataset files, network files and the report from extract's and classify's outputs.</summary>
public static class ExportStage
{
    /// <summary>Base name of the dataset files (dataset.csv, dataset.xlsx, dataset.jsonl, dataset.do).</summary>
    public const string DatasetName = "dataset";

    /// <summary>Runs the stage. Errors (missing file, bad CSV) throw <see cref="InvalidDataException"/> with a message for the user.</summary>
    public static ExportResult Run(ExportOptions options, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        log ??= _ => { };
        foreach (var f in options.Formats)
        {
            if (!ExportOptions.AllFormats.Contains(f, StringComparer.Ordinal))
            {
                throw new InvalidDataException($"unknown format '{f}'; known: {string.Join(", ", ExportOptions.AllFormats)}.");
            }
        }
        OutputCheck.EnsureWritable(options.Output, "-o");
        if (!File.Exists(options.Documents))
        {
            throw new InvalidDataException($"{options.Documents}: file not found. Pass the documents.jsonl written by `policyminer extract`.");
        }
        // The documents go to a spool beside the outputs (without their text, in dataset order and in doc_id order) and the
        // labeled CSV's rows to a row file: memory holds offsets, counts and the network, not the documents (issue 15,
        // memory in corpus size). A REFI-QDA project (--qdpx) still reads the documents with their text (it is for
        // QDA-sized projects).
        var created = !Directory.Exists(options.Output);
        Directory.CreateDirectory(options.Output);
        ExportSpool? spool = null;
        LabelTable? labeled = null;
        var done = false;
        try
        {
            spool = ExportSpool.Create(options.Documents, options.Output);
                labeled = options.Labeled is null ? null : LabelTable.ReadToDisk(options.Labeled, allowFileKey: false, Path.Combine(spool.Folder, "labeled.rows"));
                var result = RunSpooled(options, log, spool, labeled);
            done = true;
            return result;
        }
        finally
        {
            labeled?.Store?.Dispose();
            spool?.Dispose();
            if (!done && created)
            {
                // An error before any output leaves no folder behind, as when the folder was made only after the inputs were read.
                TryDelete(options.Output);
            }
        }
    }

    private static void TryDelete(string folder)
    {
        try
        {
            if (!Directory.EnumerateFileSystemEntries(folder).Any())
            {
                Directory.Delete(folder);
            }
        }
        catch (IOException)
        {
        }
    }

    private static ExportResult RunSpooled(ExportOptions options, Action<string> log, ExportSpool spool, LabelTable? labeled)
    {
        // A project's hand codes (export --coded project.qdpx) become a coded table for the dataset's coded_ columns.
        var codedProject = options.Coded is { } cp && QdpxProject.IsProjectFile(cp) ? QdpxLabels.Read(cp, QdpxCodebook(options), []) : null;
        var coded = options.Coded is null ? null
            : codedProject is not null ? LabelTable.FromCoded(options.Coded, codedProject)
            : LabelTable.Read(options.Coded, allowFileKey: true);
        foreach (var note in codedProject?.Notes.Concat(codedProject.Warnings) ?? [])
        {
            log("export: " + note);
        }
        foreach (var note in new[] { labeled?.EncodingNote, coded?.EncodingNote }.OfType<string>())
        {
            log("export: " + note);
        }
        var card = options.Model is null ? null : ModelCardView.Load(options.Model);
        spool.CheckUnique();
        var dataset = ExportDatasetBuilder.Build(spool.Documents, spool.ByDocId, labeled, coded, card, options.SeedWordScores);
        if (options.ByField is { } task && !dataset.Tasks.Any(t => t.Name == task))
        {
            throw new InvalidDataException(
                $"--by-field {task}: no such task in the labels; known: {(dataset.Tasks.Count == 0 ? "(none: pass --labels or --model)" : string.Join(", ", dataset.Tasks.Select(t => t.Name)))}.");
        }
        var files = new List<string>();
        string P(string name) => Path.Combine(options.Output, name);
        if (options.Formats.Contains("csv") || options.Formats.Contains("stata"))
        {
            DatasetCsv.Write(P(DatasetName + ".csv"), dataset);
            files.Add(P(DatasetName + ".csv"));
        }
        if (options.Formats.Contains("stata"))
        {
            DatasetStata.Write(P(DatasetName + ".do"), dataset, DatasetName + ".csv");
            files.Add(P(DatasetName + ".do"));
        }
        if (options.Formats.Contains("xlsx"))
        {
            DatasetXlsx.Write(P(DatasetName + ".xlsx"), dataset);
            files.Add(P(DatasetName + ".xlsx"));
        }
        if (options.Formats.Contains("jsonl"))
        {
            DatasetJsonl.Write(P(DatasetName + ".jsonl"), dataset);
            files.Add(P(DatasetName + ".jsonl"));
        }
        log($"export: {dataset.Rows.Count} documents, {dataset.Columns.Count} columns");
        if (options.Qdpx is { } qdpx)
        {
            var book = QdpxCodebook(options);
            var hand = codedProject ?? (options.Coded is null ? null : Classification.CodedLabels.Read([options.Coded], book, []));
            var docs = DocumentsJsonl.Read(options.Documents).ToList();
            var summary = QdpxWriter.Write(qdpx, new QdpxContent { Documents = docs, Codebook = book, Machine = labeled, Hand = hand, ProjectName = "PolicyMiner " + Path.GetFileNameWithoutExtension(options.Documents) });
            files.Add(qdpx);
            log($"export: REFI-QDA project {qdpx}: {summary}");
        }
        SignatoryNetwork? network = null, parties = null;
        if (options.Network || options.Report)
        {
            var both = SignatoryNetwork.BuildSorted(dataset.AgreementsByDocId, options.Weighting, options.Relation,
                [(NetworkLevel.Government, Path.Combine(spool.Folder, "governments.network")), (NetworkLevel.Party, Path.Combine(spool.Folder, "parties.network"))]);
            (network, parties) = (both[0], both[1]);
        }
        if (options.Network && network is not null && parties is not null)
        {
            var relation = RelationName(options.Relation);
            files.AddRange(NetworkFiles.WriteAll(P("network"), network, options.ByYear, options.ByField));
            log($"export: {relation} network of {network.Nodes.Count} governments, {network.Edges.Count} ties from {network.Agreements.Count} documents ({options.Weighting.ToString().ToLowerInvariant()} weighting) in network/");
            files.AddRange(NetworkFiles.WriteAll(Path.Combine(P("network"), "parties"), parties, options.ByYear, options.ByField));
            log($"export: {relation} network of {parties.Nodes.Count} parties (departments, governments, …), {parties.Edges.Count} ties in network/parties/");
            foreach (var why in new[] { network.EmptyExplanation(), parties.EmptyExplanation() }.OfType<string>().Distinct(StringComparer.Ordinal))
            {
                log("export: " + why);
            }
        }
        if (options.Report && network is not null && parties is not null)
        {
            ReportWriter.Write(P("report.html"), dataset, network, card, options.ByField, Provenance(options), parties);
            files.Add(P("report.html"));
        }
        foreach (var w in dataset.Warnings)
        {
            log("warning: " + w);
        }
        return new ExportResult(files, dataset.Warnings, dataset.Rows.Count, network, parties);
    }

    /// <summary>The codebook of a REFI-QDA project: the model's (--model), else <see cref="ExportOptions.Codebook"/>, else the built-in one.</summary>
    private static Classification.Codebook QdpxCodebook(ExportOptions options)
    {
        if (options.Model is { } model)
        {
            var dir = Directory.Exists(model) ? model : Path.GetDirectoryName(Path.GetFullPath(model))!;
            if (Classification.ClassifierModel.TryReadCard(dir) is { } card)
            {
                return card.Codebook;
            }
        }
        return options.Codebook ?? Classification.Codebook.BuiltIn;
    }

    /// <summary>co-signing and co-issuance, co-signing, or co-issuance: how the report and the log name a relation.</summary>
    public static string RelationName(NetworkRelation relation) => relation switch
    {
        NetworkRelation.CoSigning => "co-signing (agreements)",
        NetworkRelation.CoIssuance => "co-issuance (jointly issued documents)",
        _ => "co-signing and co-issuance",
    };

    private static ReportProvenance Provenance(ExportOptions options)
    {
        var assembly = typeof(ExportStage).Assembly;
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0";
        var inputs = new List<(string, string)>();
        void Add(string? path)
        {
            if (path is not null && File.Exists(path))
            {
                using var stream = File.OpenRead(path);
                inputs.Add((Path.GetFileName(path), Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(stream))));
            }
        }
        Add(options.Documents);
        Add(options.Labeled);
        Add(options.Coded);
        if (options.Model is not null)
        {
            Add(Directory.Exists(options.Model) ? Path.Combine(options.Model, "model-card.json") : options.Model);
            Add(Directory.Exists(options.Model) ? Path.Combine(options.Model, "model.zip") : null);
        }
        return new ReportProvenance($"{version} build {assembly.ManifestModule.ModuleVersionId:N}", options.CommandLine, inputs);
    }
}
