namespace PolicyMiner.Classification;

/// <summary>Testing a trained model on coded documents it was not trained on.</summary>
public static class Evaluation
{
    /// <summary>Classifies the coded documents and compares with the codes: task → metrics (folds = 0).</summary>
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
