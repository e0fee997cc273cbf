namespace PolicyMiner.Extraction.Metadata;

/// <summary>Title and agreement metadata found in a normalised text (paragraphs separated by '\n').</summary>
/// <param name="Title">Title (first heading-like line, else the format's declared title).</param>
/// <param name="Metadata">Date, document number, form and signatories.</param>
public sealed record FoundMetadata(string? Title, DocumentMetadata Metadata);

/// <summary>Runs the metadata finders (title, date, document number, form, parties and signatories) over one document.</summary>
public static class MetadataFinder
{
    /// <summary>Finds the metadata of a normalised text.</summary>
    public static FoundMetadata Find(string text, string? declaredTitle = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var paragraphs = text.Split('\n');
        var title = TitleFinder.Find(paragraphs, declaredTitle);
        var number = DocumentNumberFinder.Find(paragraphs);
        var form = FormFinder.Find(title, paragraphs);
        var (parties, partyGovernments) = PartyFinder.Default.Find(title, paragraphs, number, form);
        // Signatories: the signatory rules' governments, then the governments of the other parties (a department's
        // government), so that every local party's government is listed.
        var signatories = SignatoryFinder.Default.Find(title, paragraphs, number).ToList();
        signatories.AddRange(partyGovernments.Where(g => !signatories.Any(s => s.Code == g.Code)));
        var metadata = new DocumentMetadata
        {
            Date = DateFinder.Find(paragraphs),
            DocumentNumber = number,
            Form = form,
            Signatories = signatories,
            Parties = parties,
        };
        return new FoundMetadata(title, metadata);
    }
}
