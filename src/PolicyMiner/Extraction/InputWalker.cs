namespace PolicyMiner.Extraction;

/// <summary>
/// Walks input folders so that every entry is accounted for (issue 12, "every input accounted for"): documents are
/// returned as files; files that cannot be documents at all (dangling links, link loops, names that are not valid
/// UTF-8, unreadable sub-folders) are returned WITH a problem message, which the extractor turns into an error row
/// without opening anything; other files are skipped (listed). Folder links are followed once: a link to a folder
/// already walked (a loop such as <c>loop -&gt; ..</c>, or a second link to the same folder) is skipped with its reason.
/// An explicit stack (not recursion) and a depth limit keep a pathological tree from overflowing anything.
/// </summary>
internal static class InputWalker
{
    /// <summary>Folder depth below an input root beyond which nothing is read (a deeper tree is almost surely a loop).</summary>
    internal const int MaxDepth = 64;

    /// <summary>One entry found: <paramref name="Problem"/> is null for a file to extract.</summary>
    internal sealed record Entry(string Path, string Relative, string? Problem);

    /// <summary>The test seam for folder listing (tests run as root, where chmod 000 does not stop reading).</summary>
    internal static Func<string, IEnumerable<FileSystemInfo>> List { get; set; } = DefaultList;

    private static IEnumerable<FileSystemInfo> DefaultList(string folder) =>
        new DirectoryInfo(folder).EnumerateFileSystemInfos("*", new EnumerationOptions
        {
            RecurseSubdirectories = false,
            IgnoreInaccessible = false,
            AttributesToSkip = 0,
            ReturnSpecialDirectories = false,
        }).ToList(); // materialised here so that a folder that cannot be read fails at once, inside the caller's try

    /// <summary>
    /// Walks <paramref name="root"/>, yielding entries as folders are read (lazily: a batch of 100,000 files is never a
    /// list here, issue 15); <paramref name="skipped"/> receives non-document files and skipped folder links.
    /// </summary>
    internal static IEnumerable<Entry> Walk(string root, ICollection<string> skipped)
    {
        var visited = new HashSet<string>(StringComparer.Ordinal) { Canonical(root) };
        var stack = new Stack<(string Folder, int Depth)>();
        stack.Push((root, 0));
        while (stack.Count > 0)
        {
            var (folder, depth) = stack.Pop();
            IEnumerable<FileSystemInfo>? entries;
            string? unreadable = null;
            try
            {
                entries = List(folder);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.SecurityException)
            {
                entries = null;
                unreadable = $"{folder}: this folder cannot be read ({ex.Message}), so its files were not extracted. Give yourself read permission on it (chmod -R u+rX) and run again.";
            }
            if (entries is null)
            {
                yield return new Entry(folder, Relative(root, folder), unreadable);
                continue;
            }
            foreach (var info in entries.OrderBy(e => e.Name, StringComparer.Ordinal))
            {
                if (info.Name.StartsWith('.'))
                {
                    continue; // hidden files and folders (.git, editor backups) are not inputs
                }
                if (Visit(root, folder, info, depth, skipped, visited, stack) is { } entry)
                {
                    yield return entry;
                }
            }
        }
    }

    /// <summary>One listed item: the entry to return for it (a document, or one with a problem), or null (skipped, or a folder to descend into).</summary>
    private static Entry? Visit(string root, string folder, FileSystemInfo info, int depth, ICollection<string> skipped, HashSet<string> visited, Stack<(string, int)> stack)
    {
        var path = Path.Combine(folder, info.Name); // in the form the user gave (a relative input stays relative)
        var relative = Relative(root, path);
        var isDocument = Extractor.DocumentExtensions.Contains(Path.GetExtension(info.Name).ToLowerInvariant());
        if (info.Name.Contains('\uFFFD', StringComparison.Ordinal))
        {
            // .NET decodes a name that is not valid UTF-8 with U+FFFD, so the file can no longer be opened by that name.
            return new Entry(path, relative,
                $"{path}: the file name is not valid UTF-8 (shown with �), so it cannot be opened by name. Rename the file (e.g. `convmv -f gbk -t utf8 --notest`) and run again.");
        }
        if (info.LinkTarget is { } target)
        {
            FileSystemInfo? final;
            try
            {
                final = info.ResolveLinkTarget(returnFinalTarget: true);
            }
            catch (IOException ex)
            {
                return NotFollowed($"{path}: a symbolic link that cannot be followed ({ex.Message}; it points to {target}). Remove or fix the link.");
            }
            if (final is null || !final.Exists)
            {
                return NotFollowed($"{path}: a symbolic link to {target}, which does not exist (a dangling link). Remove the link or restore its target.");
            }
            if (final is DirectoryInfo linkedFolder)
            {
                return Descend(path, linkedFolder.FullName, depth, relative, skipped, visited, stack);
            }
        }
        else if (info is DirectoryInfo)
        {
            return Descend(path, info.FullName, depth, relative, skipped, visited, stack);
        }
        if (isDocument)
        {
            return new Entry(path, relative, null);
        }
        skipped.Add(path);
        return null;

        Entry? NotFollowed(string problem)
        {
            if (isDocument)
            {
                return new Entry(path, relative, problem);
            }
            skipped.Add(path);
            return null;
        }
    }

    private static Entry? Descend(string path, string target, int depth, string relative, ICollection<string> skipped,
        HashSet<string> visited, Stack<(string, int)> stack)
    {
        if (!visited.Add(Canonical(target)))
        {
            skipped.Add(path + Path.DirectorySeparatorChar); // a loop or a second link to a folder already read: followed once
            return null;
        }
        if (depth + 1 > MaxDepth)
        {
            return new Entry(path, relative,
                $"{path}: folders nested deeper than {MaxDepth} levels below the input were not read. Move the documents up, or give this folder as an input itself.");
        }
        stack.Push((path, depth + 1));
        return null;
    }

    /// <summary>The folder's real path: links in it resolved, so that two ways to one folder compare equal.</summary>
    internal static string Canonical(string folder)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
        var parent = Path.GetDirectoryName(full);
        if (parent is null)
        {
            return full;
        }
        var resolvedParent = Canonical(parent);
        var here = Path.Combine(resolvedParent, Path.GetFileName(full));
        try
        {
            var info = new DirectoryInfo(here);
            if (info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is { } final)
            {
                return Canonical(final.FullName);
            }
        }
        catch (IOException)
        {
            // an unresolvable link: its own path is the best identity there is
        }
        return here;
    }

    private static string Relative(string root, string path) => Path.GetRelativePath(root, path);
}
