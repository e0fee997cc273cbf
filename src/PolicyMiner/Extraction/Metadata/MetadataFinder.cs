namespace PolicyMiner.Extraction.Metadata;

/// <summary>Title and agreement metadata found in a normalised text (paragraphs separated by '\n').</summary>
/// <param name="Title">Title (first heading-like line, else the format's declared title).</param>
/// <param name="Metadata">Date, document number, form and signatories.</param>
public sealed record FoundMetadata(string? Title, DocumentMetadata Metadata);

/// <summary>Runs the metadata finders (title, date, document number, form, signatories) over one document.</summary>
public static class MetadataFinder
{
    /// <summary>Finds the metadata of a normalised text.</summary>
    public static FoundMetadata Find(string text, string? declaredTitle = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var paragraphs = text.Split('\n');
        var title = TitleFinder.Find(paragraphs, declaredTitle);
        var number = DocumentNumberFinder.Find(paragraphs);
        var metadata = new DocumentMetadata
        {
            Date = DateFinder.Find(paragraphs),
            DocumentNumber = number,
            Form = FormFinder.Find(title, paragraphs),
            Signatories = SignatoryFinder.Default.Find(title, paragraphs, number),
        };
        return new FoundMetadata(title, metadata);
    }
}
