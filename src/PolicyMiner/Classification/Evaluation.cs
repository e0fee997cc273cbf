using System.Security.Cryptography;
using System.Text;

namespace PolicyMiner.Classification;

/// <summary>The result of testing a model on coded documents.</summary>
/// <param name="Mode">
/// <c>test</c> (no test document was in the training data), <c>test (N of M documents were in the training data:
/// excluded)</c> or <c>… flagged, included in the figures)</c>, <c>resubstitution (…)</c> when every document was in
/// the training data (the figures say how well the model fits its own data, not how well it generalises), or a
/// <c>test (…unknown…)</c> for cards that record no training-document hashes.
/// </param>
/// <param name="Metrics">task → metrics (folds = 0).</param>
/// <param name="Documents">Documents the figures are computed on.</param>
/// <param name="InTrainingData">doc_ids of the coded documents that were in the model's training data.</param>
public sealed record TestReport(string Mode, IReadOnlyDictionary<string, TaskMetrics> Metrics, int Documents, IReadOnlyList<string> InTrainingData);

/// <summary>Testing a trained model on coded documents, telling apart the ones it was trained on.</summary>
public static class Evaluation
{
    /// <summary>
    /// A document's content hash as the card records it: 16 hex digits of the SHA-256 of the title and the text the
    /// classifier reads, whitespace removed (line endings and re-wrapping do not hide a training document).
    /// </summary>
    public static string ContentHash(InputDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var sb = new StringBuilder((document.Title?.Length ?? 0) + document.Text.Length + 1);
        Append(sb, document.Title);
        sb.Append('\u0001');
        Append(sb, document.Text);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())))[..16];

        static void Append(StringBuilder sb, string? s)
        {
            foreach (var c in s ?? "")
            {
                if (!char.IsWhiteSpace(c))
                {
                    sb.Append(c);
                }
            }
        }
    }

    /// <summary>
    /// Tests the model on the coded documents. Documents the card lists as training documents are left out of the
    /// figures (<paramref name="includeTrainingDocuments"/> false) or kept and flagged; when all of them are training
    /// documents the figures are a resubstitution and the mode says so.
    /// </summary>
    public static TestReport TestHeldOut(ClassifierModel model, TrainingSet data, bool includeTrainingDocuments = false)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        var card = model.Card;
        var total = data.Examples.Count;
        if (card.TrainingDocumentHashes is null)
        {
            // Cards written before the hashes existed: only an identical training set (documents + codes) is recognised.
            var mode = ClassifierModel.DataHash(data) == card.TrainingDataHash
                ? $"resubstitution (all {total} documents and codes are the model's training data)"
                : "test (the model card records no training-document hashes, so overlap with the training data is unknown; retrain to record them)";
            return new TestReport(mode, Test(model, data), total, []);
        }
        var trained = card.TrainingDocumentHashes.ToHashSet(StringComparer.Ordinal);
        var inTraining = data.Examples.Select((e, i) => (e, i)).Where(x => trained.Contains(ContentHash(x.e.Document))).Select(x => x.i).ToHashSet();
        var ids = inTraining.Order().Select(i => data.Examples[i].Document.Id).ToArray();
        if (inTraining.Count == 0)
        {
            return new TestReport("test", Test(model, data), total, []);
        }
        if (inTraining.Count == total)
        {
            return new TestReport($"resubstitution (all {total} documents were in the training data)", Test(model, data), total, ids);
        }
        if (includeTrainingDocuments)
        {
            return new TestReport($"test ({inTraining.Count} of {total} documents were in the training data: flagged, included in the figures)", Test(model, data), total, ids);
        }
        var heldOut = data with { Examples = data.Examples.Where((_, i) => !inTraining.Contains(i)).ToArray() };
        return new TestReport($"test ({inTraining.Count} of {total} documents were in the training data: excluded)", Test(model, heldOut), heldOut.Examples.Count, ids);
    }

    /// <summary>Classifies the coded documents and compares with the codes: task → metrics (folds = 0). Does not look for training documents.</summary>
    public static IReadOnlyDictionary<string, TaskMetrics> Test(ClassifierModel model, TrainingSet data)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        var predictions = model.Classify(data.Examples.Select(e => e.Document).ToArray());
        var result = new SortedDictionary<string, TaskMetrics>(StringComparer.Ordinal);
        foreach (var taskCard in model.Card.Tasks)
        {
            var task = model.Card.Codebook.Find(taskCard.Name)!;
            var idx = Enumerable.Range(0, data.Examples.Count).Where(i => data.Examples[i].Row.Codes.ContainsKey(task.Name)).ToArray();
            if (idx.Length == 0)
            {
                continue;
            }
            var truth = idx.Select(i => (IReadOnlyCollection<string>)data.Examples[i].Row.Codes[task.Name].ToArray()).ToArray();
            var predicted = idx.Select(i => (IReadOnlyCollection<string>)predictions[i].Tasks[task.Name].Labels.ToArray()).ToArray();
            var metrics = task.TaskKind == TaskKind.Multiclass
                ? Metrics.Multiclass(task.Codes, truth.Select(t => t.First()).ToArray(), predicted.Select(p => p.FirstOrDefault() ?? "").ToArray(), 0)
                : Metrics.Multilabel(task.Codes, truth, predicted, 0);
            result[task.Name] = metrics with { HumanAgreement = ClassifierModel.HumanAgreement(data, task) };
        }
        return result;
    }
}
