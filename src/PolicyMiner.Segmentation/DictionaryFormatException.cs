namespace PolicyMiner.Segmentation;

/// <summary>A dictionary file (main or user) has a line that cannot be read; names the file and line.</summary>
public sealed class DictionaryFormatException : FormatException
{
    /// <summary>Creates the exception; the message reads <c>file:line: problem</c>.</summary>
    /// <param name="filePath">The dictionary file.</param>
    /// <param name="lineNumber">1-based line number (0 when the problem is the whole file).</param>
    /// <param name="problem">What is wrong and what to do.</param>
    public DictionaryFormatException(string filePath, int lineNumber, string problem)
        : base(lineNumber > 0 ? $"{filePath}:{lineNumber}: {problem}" : $"{filePath}: {problem}")
    {
        FilePath = filePath;
        LineNumber = lineNumber;
    }

    /// <summary>Creates the exception with a plain message.</summary>
    public DictionaryFormatException()
        : this("(unknown file)", 0, "invalid dictionary")
    {
    }

    /// <summary>Creates the exception with a plain message.</summary>
    public DictionaryFormatException(string message)
        : this("(unknown file)", 0, message)
    {
    }

    /// <summary>Creates the exception with a plain message and an inner exception.</summary>
    public DictionaryFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
        FilePath = "(unknown file)";
    }

    /// <summary>The dictionary file.</summary>
    public string FilePath { get; } = "(unknown file)";

    /// <summary>1-based line number, 0 when the problem concerns the whole file.</summary>
    public int LineNumber { get; }
}
