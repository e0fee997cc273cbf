using System.Diagnostics;
using System.Globalization;
using PolicyMiner.Extraction;
using PolicyMiner.Extraction.Metadata;
using PolicyMiner.Extraction.Text;

namespace PolicyMiner.Benchmarks;

/// <summary>
/// Metadata against the hand-checked gold set (tests/PolicyMiner.Tests/Extraction/Metadata/Gold/metadata-gold.csv):
/// precision and recall of parties, date accuracy, document-number accuracy, per corpus and overall; plus, where
/// the corpus has one, agreement with its own issuer column (the digital policies' Release Department, the Policy
/// Transparency sample's main_issuer). <c>metadata-dump</c> prints what the finders return on a corpus (used to
/// prepare the gold set, which was then checked by reading the documents).
/// </summary>
public static class MetadataBenchmark
{
    public const string Help = "       PolicyMiner.Benchmarks metadata [--verbose]   parties P/R, date and document-number accuracy on the gold set\n" +
                               "       PolicyMiner.Benchmarks metadata-dump regulations|sample50|digital   what the finders return, one line per document";

    /// <summary>A document of a shared corpus: reference, text and the corpus's own issuer column (if any).</summary>
    public sealed record CorpusDocument(string Ref, string Text, string? Issuer);

    /// <summary>The documents of the three corpora the gold set draws from.</summary>
    public static IEnumerable<CorpusDocument> Load(string shared, string corpus)
    {
        switch (corpus)
        {
            case "regulations":
                foreach (var f in Directory.GetFiles(Path.Combine(shared, "corpora", "regulations", "docs"), "*.md").Order(StringComparer.Ordinal))
                {
                    yield return new CorpusDocument("regulations/" + Path.GetFileNameWithoutExtension(f), File.ReadAllText(f), null);
                }
                break;
            case "sample50":
            {
                var rows = ReadCsv(Path.Combine(shared, "corpora", "policy-transparency", "sample50", "data_sample50.csv"));
                var h = rows[0];
                int id = 0, body = Array.IndexOf(h, "Body"), issuer = Array.IndexOf(h, "main_issuer");
                foreach (var r in rows.Skip(1).Where(r => r.Length > Math.Max(body, issuer)))
                {
                    yield return new CorpusDocument("policy-transparency/" + r[id], r[body], r[issuer]);
                }
                break;
            }
            case "digital":
            {
                var rows = ReadCsv(Path.Combine(shared, "corpora", "digital-policies", "central_policies.csv"));
                var h = rows[0];
                int no = Array.IndexOf(h, "No."), body = Array.IndexOf(h, "Policy Content"), dept = Array.IndexOf(h, "Release Department");
                foreach (var r in rows.Skip(1).Where(r => r.Length >= h.Length - 1 && r.Length > Math.Max(no, Math.Max(body, dept))))
                {
                    yield return new CorpusDocument("digital-policies/central/" + r[no], r[body], r[dept].Trim());
                }
                break;
            }
            default:
                throw new ArgumentException($"unknown corpus '{corpus}': regulations, sample50 or digital");
        }
    }

    public static int Dump(string shared, string[] args)
    {
        if (args.Length > 0 && args[0] == "-")
        {
            var m = MetadataFinder.Find(TextNormalizer.Normalize(Console.In.ReadToEnd())).Metadata;
            Console.WriteLine($"{m.Date}\t{m.DocumentNumber}\t{string.Join(';', m.Parties.Select(p => $"{p.Name}|{p.Role}|{p.Kind}|{p.GovernmentCode}"))}\t{string.Join(';', m.Signatories.Select(s => s.Name))}");
            return 0;
        }
        foreach (var d in Load(shared, args.Length > 0 ? args[0] : "digital"))
        {
            var found = MetadataFinder.Find(TextNormalizer.Normalize(d.Text));
            var m = found.Metadata;
            Console.WriteLine(string.Join('\t', d.Ref, m.Date ?? "", m.DocumentNumber ?? "",
                string.Join(';', m.Parties.Select(p => $"{p.Name}|{p.Role}|{p.Kind}|{p.GovernmentCode}")), d.Issuer ?? "", found.Title ?? ""));
        }
        return 0;
    }

    /// <summary>One gold row.</summary>
    public sealed record GoldRow(string Ref, IReadOnlyList<string> Parties, string? Date, string? Number, string Note);

    public static IReadOnlyList<GoldRow> ReadGold(string path) =>
        ReadCsv(path).Skip(1).Where(r => r.Length >= 5).Select(r => new GoldRow(r[0],
            r[1].Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            r[2].Length == 0 ? null : r[2], r[3].Length == 0 ? null : r[3], r[4])).ToList();

    /// <summary>Scores of one run.</summary>
    public sealed record Scores(int Documents, int PartiesTrue, int PartiesFound, int PartiesRight, int DatesGold, int DatesRight,
        int NumbersGold, int NumbersRight, int NumbersSpurious)
    {
        public double Precision => PartiesFound == 0 ? 0 : (double)PartiesRight / PartiesFound;

        public double Recall => PartiesTrue == 0 ? 0 : (double)PartiesRight / PartiesTrue;

        public double DateAccuracy => DatesGold == 0 ? 0 : (double)DatesRight / DatesGold;

        public double NumberAccuracy => NumbersGold == 0 ? 0 : (double)NumbersRight / NumbersGold;
    }

    /// <summary>Scores the finders on the gold rows; <paramref name="miss"/> hears every disagreement.</summary>
    public static Scores Score(IEnumerable<GoldRow> gold, IReadOnlyDictionary<string, CorpusDocument> docs, Action<string>? miss = null)
    {
        int n = 0, pt = 0, pf = 0, pr = 0, dg = 0, dr = 0, ng = 0, nr = 0, ns = 0;
        foreach (var g in gold)
        {
            var m = MetadataFinder.Find(TextNormalizer.Normalize(docs[g.Ref].Text)).Metadata;
            n++;
            var found = m.Parties.Select(p => p.Name).Distinct(StringComparer.Ordinal).ToList();
            pt += g.Parties.Count;
            pf += found.Count;
            var right = found.Count(g.Parties.Contains);
            pr += right;
            if (right != found.Count || right != g.Parties.Count)
            {
                miss?.Invoke($"{g.Ref}\tparties\tgold {string.Join(';', g.Parties)}\tfound {string.Join(';', found)}");
            }
            if (g.Date is not null)
            {
                dg++;
                dr += m.Date == g.Date ? 1 : 0;
                if (m.Date != g.Date)
                {
                    miss?.Invoke($"{g.Ref}\tdate\tgold {g.Date}\tfound {m.Date}");
                }
            }
            if (g.Number is not null)
            {
                ng++;
                nr += m.DocumentNumber == g.Number ? 1 : 0;
            }
            else if (m.DocumentNumber is not null)
            {
                ns++;
            }
            if (m.DocumentNumber != g.Number)
            {
                miss?.Invoke($"{g.Ref}\tnumber\tgold {g.Number}\tfound {m.DocumentNumber}");
            }
        }
        return new Scores(n, pt, pf, pr, dg, dr, ng, nr, ns);
    }

    public static int Run(string shared, string repo, string[] args)
    {
        var verbose = args.Contains("--verbose");
        var gold = ReadGold(Path.Combine(repo, "tests", "PolicyMiner.Tests", "Extraction", "Metadata", "Gold", "metadata-gold.csv"));
        var docs = new[] { "regulations", "sample50", "digital" }.SelectMany(c => Load(shared, c))
            .GroupBy(d => d.Ref, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var sw = Stopwatch.StartNew();
        Console.WriteLine("corpus\tdocs\tparties P\tparties R\tdate acc\tdoc no. acc\tspurious doc no.");
        foreach (var group in gold.GroupBy(g => g.Ref[..g.Ref.IndexOf('/', StringComparison.Ordinal)]).Append(gold.GroupBy(_ => "all").Single()))
        {
            var s = Score(group, docs, verbose && group.Key != "all" ? Console.Error.WriteLine : null);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{group.Key}\t{s.Documents}\t{s.Precision:F3} ({s.PartiesRight}/{s.PartiesFound})\t{s.Recall:F3} ({s.PartiesRight}/{s.PartiesTrue})\t{s.DateAccuracy:F3} ({s.DatesRight}/{s.DatesGold})\t{s.NumberAccuracy:F3} ({s.NumbersRight}/{s.NumbersGold})\t{s.NumbersSpurious}"));
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"({gold.Count} gold documents scored in {sw.Elapsed.TotalSeconds:F1} s)"));
        ReferenceAgreement(docs.Values);
        return 0;
    }

    // The corpora's own issuer columns, as an independent reference on every document (not only the gold ones):
    // the digital policies' Release Department (English; mapped through the central-organ table's English names)
    // and the Policy Transparency sample's main_issuer (a province or a central body).
    private static void ReferenceAgreement(IEnumerable<CorpusDocument> docs)
    {
        int digital = 0, digitalNamed = 0, digitalFound = 0, digitalRight = 0, digitalExtra = 0;
        foreach (var d in docs.Where(d => d.Ref.StartsWith("digital-policies/", StringComparison.Ordinal)))
        {
            var reference = d.Issuer!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(e => CentralOrgans.Default.ByEnglish(e.Replace("General Office of the ", "", StringComparison.Ordinal))?.Name).ToList();
            if (reference.Any(r => r is null))
            {
                continue; // a department name the table does not know in English
            }
            digital++;
            var found = MetadataFinder.Find(TextNormalizer.Normalize(d.Text)).Metadata.Parties
                .Select(p => p.Name.EndsWith("办公厅", StringComparison.Ordinal) && p.GovernmentCode == Party.CentralCode ? p.Name[..^3] : p.Name)
                .Distinct(StringComparer.Ordinal).ToList();
            digitalNamed += reference.Count;
            digitalFound += found.Count;
            digitalRight += found.Count(f => reference.Contains(f));
            digitalExtra += found.Count(f => !reference.Contains(f));
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"digital policies, all {digital} with a mappable Release Department: {digitalRight}/{digitalNamed} named departments found ({(double)digitalRight / Math.Max(1, digitalNamed):F3}), {digitalExtra} found bodies not in the column (many texts lack title and 落款: the column is the data set's, not the text's)"));
    }

    // The project's RFC 4180 reader (line-numbered, quotes, embedded newlines).
    internal static List<string[]> ReadCsv(string path)
    {
        using var reader = new StreamReader(path);
        return PolicyMiner.Csv.Parse(reader).Select(r => r.Cells.ToArray()).ToList();
    }
}
