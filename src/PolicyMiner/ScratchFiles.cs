using System.Globalization;

namespace PolicyMiner;

/// <summary>
/// Scratch files and folders beside an output (AtomicFile's temporary copy, classify's review rows, export's spool):
/// named <c>.NAME.PID.GUID[.SUFFIX]</c>, so a process killed before its end leaves a name that says whose it was, and
/// the next run in that folder removes the ones whose process no longer runs. One naming rule for all of them.
/// </summary>
internal static class ScratchFiles
{
    /// <summary>A new scratch path in <paramref name="folder"/> for <paramref name="name"/>: <c>.NAME.PID.GUID[.SUFFIX]</c>.</summary>
    public static string NewPath(string folder, string name, string? suffix = null) =>
        Path.Combine(folder, $".{name}.{Environment.ProcessId}.{Guid.NewGuid():N}" + (suffix is null ? "" : "." + suffix));

    /// <summary>
    /// Removes the scratch files and folders in <paramref name="folder"/> that a killed process left: names of the form
    /// above (a process id followed by a 32-digit GUID, so no other dot-file matches) whose process no longer runs.
    /// A running process's scratch is left alone; one that cannot be removed now is left for the next run.
    /// </summary>
    public static void RemoveStale(string folder)
    {
        if (!Directory.Exists(folder))
        {
            return;
        }
        foreach (var entry in Directory.EnumerateFileSystemEntries(folder, ".*"))
        {
            if (OwnerOf(Path.GetFileName(entry)) is not { } pid || IsRunning(pid))
            {
                continue;
            }
            try
            {
                if (Directory.Exists(entry))
                {
                    Directory.Delete(entry, recursive: true);
                }
                else
                {
                    File.Delete(entry);
                }
            }
            catch (IOException)
            {
                // another process removing it at the same time, or a file held open: left for the next run
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    // The process id in a scratch name, or null when the name is not one.
    internal static int? OwnerOf(string name)
    {
        var parts = name.Split('.');
        for (var i = 2; i + 1 < parts.Length; i++)
        {
            if (parts[i + 1].Length == 32 && parts[i + 1].All(char.IsAsciiHexDigitLower)
                && int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                return pid;
            }
        }
        return null;
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false; // no such process
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
