namespace PolicyMiner.Tests.Extraction;

internal static class ExtractionFixtures
{
    public static string Folder { get; } = Path.Combine(SharedData.RepoRoot, "tests", "PolicyMiner.Tests", "Extraction", "Fixtures");

    public static string PathOf(string name) => Path.Combine(Folder, name);

    /// <summary>A fresh temporary folder (deleted by the caller's using).</summary>
    public static TempFolder Temp() => new();

    internal sealed class TempFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("pm-extract-").FullName;

        public string File(params string[] names) => System.IO.Path.Combine([Path, .. names]);

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
