using System.Security.Cryptography;
using System.Text;
using PolicyMiner.Classification;

namespace PolicyMiner.Benchmarks;

/// <summary>
/// The fixed validation part of each development corpus (issue 18): about a fifth of the documents, stratified, that
/// no setting is tuned on from 29 Nov 2026 on. Everything chosen before then (the 1,000-token plain-TF rule, the
/// 500-character character block, the trainer defaults) was chosen by CV on the whole corpora, these documents
/// included — the validation figures are honest only for choices made after that date.
/// <para>
/// How it is drawn: documents are grouped by stratum (multiclass: the code; multi-label: the rarest label, as the CV
/// folds do), ordered within the stratum by SHA-256 of <c>"policyminer-validation-v1/" + corpus + "/" + doc_id</c> (the
/// fixed "seed"), and dealt round-robin into 5 piles, the deal continuing across strata; pile 0 is the validation part.
/// The drawn ids are committed in <c>validation/CORPUS.txt</c> beside this file; the benchmark draws again and stops
/// when the two differ (the corpus changed), so the part cannot drift silently.
/// </para>
/// </summary>
internal static class ValidationSplit
{
    private const string Salt = "policyminer-validation-v1/";
    private const int Piles = 5;

    /// <summary>Indices (into <paramref name="set"/>.Examples) of the validation part, checked against the committed list.</summary>
    public static HashSet<int> Indices(string corpus, TrainingSet set, string task, bool write)
    {
        var kind = set.Codebook.Tasks.Single(t => t.Name == task).TaskKind;
        var codes = set.Examples.Select(e => (IReadOnlyCollection<string>)e.Row.Codes[task].ToArray()).ToArray();
        var strata = kind == TaskKind.Multiclass ? codes.Select(c => c.First()).ToArray() : StratifiedFolds.RarestLabelKeys(codes);
        var ids = set.Examples.Select(e => e.Document.Id).ToArray();
        var drawn = Draw(corpus, ids, strata);
        var drawnIds = drawn.Select(i => ids[i]).Order(StringComparer.Ordinal).ToArray();
        var file = Path.Combine(AppContext.BaseDirectory, "validation", corpus + ".txt");
        var source = Path.Combine("tests", "PolicyMiner.Benchmarks", "validation", corpus + ".txt");
        if (write)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(source)!);
            AtomicFile.Write(source, w => w.Write(string.Join("\n", drawnIds) + "\n"));
            Console.WriteLine($"  wrote {source} ({drawnIds.Length} validation ids)");
            return drawn;
        }
        if (!File.Exists(file))
        {
            throw new InvalidOperationException($"{source} is missing: the validation ids of {corpus} are committed there. Restore it from git (or, for a new corpus, write it once with --write-validation-ids).");
        }
        var committed = File.ReadAllLines(file).Where(l => l.Length > 0).ToArray();
        if (!committed.SequenceEqual(drawnIds, StringComparer.Ordinal))
        {
            throw new InvalidOperationException($"{corpus}: the validation part drawn from ../shared ({drawnIds.Length} ids) differs from {source} ({committed.Length} ids); the corpus changed. Do not redraw it to fit: say in the README that the validation part changed, then write it with --write-validation-ids.");
        }
        return drawn;
    }

    /// <summary>The drawing itself (see the class comment): stratum, then salted SHA-256 of the doc_id, dealt into 5 piles.</summary>
    internal static HashSet<int> Draw(string corpus, IReadOnlyList<string> ids, IReadOnlyList<string> strata)
    {
        var order = Enumerable.Range(0, ids.Count)
            .OrderBy(i => strata[i], StringComparer.Ordinal)
            .ThenBy(i => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Salt + corpus + "/" + ids[i]))), StringComparer.Ordinal)
            .ToArray();
        return order.Where((_, position) => position % Piles == 0).ToHashSet();
    }
}
