namespace PolicyMiner.Tests;

/// <summary>Locates <c>../shared</c> (beside the repository root) and the repository root itself.</summary>
internal static class SharedData
{
    /// <summary>The repository root (the folder holding PolicyMiner.sln).</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>The shared data folder, <c>../shared</c> relative to the repository root.</summary>
    public static string Root { get; } = Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared"));

    /// <summary>A path inside ../shared.</summary>
    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "PolicyMiner.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException(
            $"PolicyMiner.sln not found above {AppContext.BaseDirectory}; run the tests from a checkout of the repository.");
    }
}
