using System.CommandLine;
using PolicyMiner.Export;
using PolicyMiner.Networks;

namespace PolicyMiner.Cli;

/// <summary><c>policyminer export</c>: dataset (CSV, XLSX, JSONL, Stata), signatory network files and report.html.</summary>
internal static class ExportCommand
{
    public static Command Create(CliConsole console)
    {
        var docs = new Option<string>("--docs") { Description = "documents.jsonl written by `policyminer extract`", Required = true };
        var labels = new Option<string?>("--labels") { Description = "labeled CSV written by `policyminer classify` (doc_id, predictions, probabilities)" };
        var coded = new Option<string?>("--coded") { Description = "hand-coded CSV (doc_id or file, one column per task; multi-label cells a;b), or a REFI-QDA project (.qdpx) coded in a QDA tool" };
        var model = new Option<string?>("--model") { Description = "model folder (model-card.json): codebook names and metrics for the labels and the report" };
        var output = new Option<string>("--output", "-o") { Description = "output folder", Required = true };
        var formats = new Option<string>("--formats")
        {
            Description = "dataset formats, comma separated: csv, xlsx, jsonl, stata (stata writes dataset.do beside dataset.csv)",
            DefaultValueFactory = _ => string.Join(",", ExportOptions.AllFormats),
        };
        var network = new Option<bool>("--network") { Description = "write the co-operation networks: governments in network/, every signing or issuing body in network/parties/ (CSV, GraphML, Pajek, UCINET DL, two-mode)" };
        var relation = new Option<string>("--relation")
        {
            Description = "which documents tie their parties: all, co-signing (agreements) or co-issuance (jointly issued documents)",
            DefaultValueFactory = _ => "all",
        };
        relation.AcceptOnlyFromAmong("all", "co-signing", "co-issuance");
        var byYear = new Option<bool>("--by-year") { Description = "with --network: also an edge list per year" };
        var byField = new Option<string?>("--by-field") { Description = "with --network: also an edge list per label of task T (e.g. fields); the report's per-year chart uses T" };
        var weighting = new Option<string>("--weighting")
        {
            Description = "tie weight per agreement: count (1 per pair) or fractional (1/(n-1) for n signatories)",
            DefaultValueFactory = _ => "count",
        };
        weighting.AcceptOnlyFromAmong("count", "fractional");
        var report = new Option<bool>("--report") { Description = "write report.html (charts, network, quality summary; opens offline)" };
        var codebook = new Option<string?>("--codebook") { Description = "with --qdpx and no --model: the codebook JSON of the labels (default: the built-in codebook)" };
        var qdpx = new Option<string?>("--qdpx") { Description = "also write a REFI-QDA project (e.g. project.qdpx) for NVivo, ATLAS.ti, MAXQDA, QDA Miner: documents, codebook, machine codes (user PolicyMiner, evidence passages), hand codes (--coded); read codes back with `train --labels project.qdpx`" };

        var command = new Command("export", "Write analysis-ready files: one row per document with metadata, signatories and labels; networks; a report.")
        {
            docs, labels, coded, model, output, formats, network, relation, byYear, byField, weighting, report, qdpx, codebook,
        };
        command.SetAction(parse =>
        {
            try
            {
                var options = new ExportOptions
                {
                    Documents = parse.GetValue(docs)!,
                    Labeled = parse.GetValue(labels),
                    Coded = parse.GetValue(coded),
                    Model = parse.GetValue(model),
                    Output = parse.GetValue(output)!,
                    Formats = parse.GetValue(formats)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                        .Select(f => f.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal),
                    Network = parse.GetValue(network),
                    ByYear = parse.GetValue(byYear),
                    ByField = parse.GetValue(byField),
                    Weighting = parse.GetValue(weighting) == "fractional" ? EdgeWeighting.Fractional : EdgeWeighting.Count,
                    Report = parse.GetValue(report),
                    Qdpx = parse.GetValue(qdpx),
                    Codebook = parse.GetValue(codebook) is { } cb ? Classification.Codebook.Load(cb) : null,
                    Relation = parse.GetValue(relation) switch
                    {
                        "co-signing" => NetworkRelation.CoSigning,
                        "co-issuance" => NetworkRelation.CoIssuance,
                        _ => NetworkRelation.All,
                    },
                    CommandLine = "policyminer " + string.Join(" ", parse.Tokens.Select(t => t.Value.Contains(' ', StringComparison.Ordinal) ? "\"" + t.Value + "\"" : t.Value)),
                };
                var result = ExportStage.Run(options, line => console.Err.WriteLine(line));
                foreach (var file in result.Files)
                {
                    console.Err.WriteLine("export: wrote " + file);
                }
                return 0;
            }
            catch (Exception ex) when (ex is InvalidDataException or IOException or UnauthorizedAccessException or Classification.CodebookException)
            {
                console.Err.WriteLine("export: error: " + ex.Message);
                return CliApp.ExitError;
            }
        });
        return command;
    }
}
