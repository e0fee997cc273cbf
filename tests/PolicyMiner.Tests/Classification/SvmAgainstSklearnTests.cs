using System.Diagnostics;
using System.Globalization;
using System.Text;
using PolicyMiner.Classification;
using PolicyMiner.Segmentation;
using Xunit.Abstractions;

namespace PolicyMiner.Tests.Classification;

/// <summary>
/// Our dual coordinate descent SVM (LinearSvm.cs) against scikit-learn's LinearSVC — LIBLINEAR, the reference
/// implementation of the same solver — on the same real feature matrix: all 348 citizen messages of ../shared,
/// featurized by our pipeline, 7 classes, balanced class weights. Both solve the same strictly convex problem, so the
/// weights must agree up to the stopping tolerance.
/// </summary>
public class SvmAgainstSklearnTests(ITestOutputHelper output)
{
    [SklearnFact]
    public void One_vs_rest_weights_and_decisions_match_sklearn_linearsvc_on_real_features()
    {
        var path = Path.Combine(SharedData.Root, "corpora", "gov-messages", "labels.csv");
        var set = TrainingSet.Join(InputDocuments.Read(path, ["title", "text"]), CodedLabels.Read([path], null, [TaskSpec.Parse("field")]));
        var texts = ClassifierModel.FeatureTexts(new FeatureTokenizer(Segmenters.Jieba.Cut, new FeatureTokenizerOptions()), set.Examples.Select(e => e.Document).ToArray());
        var labels = set.Examples.Select(e => e.Row.Codes["field"][0]).ToArray();
        var ours = MlNetLearner.FitMulticlass(texts, labels, MlNetLearner.LinearSvm, 42, LearnerSettings.Default);
        var svm = ours.Svm!;
        var x = MlNetLearner.SparseFeatures(ours.Transformer, texts, 42, out var dims);
        var y = labels.Select(l => svm.Labels.ToList().IndexOf(l)).ToArray();
        Assert.Equal(7, svm.Labels.Count);

        var file = Path.Combine(Path.GetTempPath(), $"pm-svm-{Guid.NewGuid():N}.svmlight");
        var sb = new StringBuilder();
        for (var i = 0; i < x.Length; i++)
        {
            sb.Append(y[i].ToString(CultureInfo.InvariantCulture));
            for (var j = 0; j < x[i].Indices.Length; j++)
            {
                sb.Append(' ').Append((x[i].Indices[j] + 1).ToString(CultureInfo.InvariantCulture)).Append(':').Append(x[i].Values[j].ToString("R", CultureInfo.InvariantCulture));
            }
            sb.Append('\n');
        }
        File.WriteAllText(file, sb.ToString());
        string[] lines;
        try
        {
            lines = SklearnFactAttribute.Python(Path.Combine(SharedData.RepoRoot, "tests", "PolicyMiner.Tests", "Classification", "linearsvc_reference.py"), file, dims.ToString(CultureInfo.InvariantCulture));
        }
        finally
        {
            File.Delete(file);
        }
        Assert.Equal(svm.Labels.Count, lines.Length);
        var sk = lines.Select(l => l.Split(' ').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToArray();

        var worst = 0.0;
        for (var k = 0; k < svm.Labels.Count; k++)
        {
            // Relative distance of the weight vectors (bias included): the tolerance of a solver stopped at tol 1e-4.
            var w = svm.Weights[k].Select(v => (double)v).Prepend(svm.Bias[k]).ToArray();
            var diff = Math.Sqrt(w.Zip(sk[k]).Sum(p => (p.First - p.Second) * (p.First - p.Second)));
            var norm = Math.Sqrt(sk[k].Sum(v => v * v));
            worst = Math.Max(worst, diff / norm);
            Assert.True(diff / norm < 0.01, $"class {svm.Labels[k]}: ‖w − w_sklearn‖ / ‖w_sklearn‖ = {diff / norm:0.0000}");
        }
        // Decisions: the arg-max class of the margins is the same for every document.
        var margins = x.Select(svm.Margins).ToArray();
        var skMargins = x.Select(v => sk.Select(w => w[0] + v.Indices.Select((j, n) => w[j + 1] * v.Values[n]).Sum()).ToArray()).ToArray();
        var same = margins.Zip(skMargins).Count(p => Array.IndexOf(p.First, p.First.Max()) == Array.IndexOf(p.Second, p.Second.Max()));
        Assert.Equal(x.Length, same);
        var maxGap = margins.Zip(skMargins).Max(p => p.First.Zip(p.Second).Max(q => Math.Abs(q.First - q.Second)));
        output.WriteLine($"{x.Length} documents, {dims} features, {svm.Labels.Count} classes: largest relative weight difference {worst:0.00000}, largest margin difference {maxGap:0.00000}, same decision on {same}/{x.Length}");
        Assert.True(maxGap < 0.01, $"largest margin difference {maxGap:0.0000}");
    }
}

/// <summary>A fact that is skipped, with the reason, when /usr/bin/python3 cannot import scikit-learn (CI installs it: .ci/apt-packages.txt).</summary>
internal sealed class SklearnFactAttribute : FactAttribute
{
    private static readonly Lazy<bool> Available = new(() =>
    {
        try
        {
            _ = Python("-c", "import sklearn");
            return true;
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return false;
        }
    });

    public SklearnFactAttribute()
    {
        if (!Available.Value)
        {
            Skip = "/usr/bin/python3 with scikit-learn is missing (apt-get install python3-sklearn); the comparison with LinearSVC is skipped.";
        }
    }

    /// <summary>Runs /usr/bin/python3 with the arguments; its standard output lines, or an exception with its error output.</summary>
    public static string[] Python(params string[] args)
    {
        var psi = new ProcessStartInfo("/usr/bin/python3", args) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return p.ExitCode == 0
            ? stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            : throw new InvalidOperationException($"python3 {string.Join(' ', args)} failed: {stderr.Result}");
    }
}
