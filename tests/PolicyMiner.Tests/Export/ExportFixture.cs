using PolicyMiner.Export;
using PolicyMiner.Extraction;

namespace PolicyMiner.Tests.Export;

/// <summary>The export fixtures (real regulations, real GB/T 2260 divisions; see Fixtures/build_fixtures.py).</summary>
internal static class ExportFixture
{
    public static string Dir { get; } = Path.Combine(SharedData.RepoRoot, "tests", "PolicyMiner.Tests", "Export", "Fixtures");

    public static string Documents => Path.Combine(Dir, "documents.jsonl");

    public static string Labeled => Path.Combine(Dir, "labeled.csv");

    public static string Coded => Path.Combine(Dir, "coded.csv");

    public static string Card => Path.Combine(Dir, "model-card.json");

    public static ExportDataset Build() =>
        ExportDatasetBuilder.Build(
            DocumentsJsonl.Read(Documents),
            LabelTable.Read(Labeled, allowFileKey: false),
            LabelTable.Read(Coded, allowFileKey: true),
            ModelCardView.Load(Card));

    public static string TempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "pm-export-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }
}
