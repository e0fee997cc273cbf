using System.Globalization;
using System.IO.Compression;
using System.Xml;
using System.Xml.Linq;
using PolicyMiner.Classification;
using PolicyMiner.Extraction;

namespace PolicyMiner.Export.Qdpx;

/// <summary>What goes into a project: the documents, the codebook, machine codes and hand codes.</summary>
public sealed record QdpxContent
{
    /// <summary>The documents (documents.jsonl); each with text becomes a text source named by its doc_id.</summary>
    public required IReadOnlyList<ExtractedDocument> Documents { get; init; }

    /// <summary>The codebook: one group code per task, one code per label.</summary>
    public required Codebook Codebook { get; init; }

    /// <summary>classify's labeled CSV (machine codes, probabilities, <c>T_evidence</c>), or null.</summary>
    public LabelTable? Machine { get; init; }

    /// <summary>Hand codes (coded CSV/XLSX, coding sheet or another project), or null.</summary>
    public CodedSet? Hand { get; init; }

    /// <summary>The project's name in the QDA tool.</summary>
    public string ProjectName { get; init; } = "PolicyMiner";
}

/// <summary>What a project holds, for the log.</summary>
/// <param name="Sources">Text sources (documents with text).</param>
/// <param name="Codes">Codes (labels; group codes of tasks not counted).</param>
/// <param name="MachinePassages">Machine codings of evidence passages.</param>
/// <param name="MachineWhole">Machine codings of whole documents (no evidence term found in the text).</param>
/// <param name="HandCodings">Hand codings (whole documents).</param>
/// <param name="Coders">Users other than PolicyMiner.</param>
/// <param name="Skipped">Documents left out (no text).</param>
public sealed record QdpxSummary(int Sources, int Codes, int MachinePassages, int MachineWhole, int HandCodings, IReadOnlyList<string> Coders, int Skipped)
{
    /// <inheritdoc/>
    public override string ToString() =>
        $"{Sources} documents as text sources, {Codes} codes, {MachinePassages + MachineWhole} machine codings by {QdpxProject.MachineUser} ({MachinePassages} evidence passages, {MachineWhole} whole documents), {HandCodings} hand codings" +
        (Coders.Count > 0 ? $" by {string.Join(", ", Coders)}" : "") + (Skipped > 0 ? $"; {Skipped} documents without text left out" : "");
}

/// <summary>
/// Writes a REFI-QDA Project (<c>.qdpx</c>: a zip of <c>project.qde</c> and <c>sources/&lt;guid&gt;.txt</c>, QDA-XML 1.0)
/// that NVivo 14, ATLAS.ti 23+, MAXQDA 2020+ and QDA Miner import: documents as plain-text (UTF-8) sources with
/// doc_id, title, file and date as variables; the codebook as codes (a group code per task, a code per label, zh/en
/// names, definitions as descriptions); machine codes as codings by the user "PolicyMiner" of the evidence passages
/// (whole document when no evidence term occurs); hand codes as whole-document codings by their coders. GUIDs are
/// name-based (<see cref="QdpxGuid"/>) and no timestamps are written, so exporting the same inputs twice gives the
/// same project.qde. Positions count Unicode characters (code points), as the standard's plain-text selections do.
/// </summary>
public static class QdpxWriter
{
    private static readonly string[] Variables = ["doc_id", "title", "file", "date"];

    private static readonly DateTimeOffset EntryTime = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Writes the project atomically; throws <see cref="InvalidDataException"/> for inputs that do not fit.</summary>
    public static QdpxSummary Write(string path, QdpxContent content)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(content);
        var (project, texts, summary) = Build(content);
        var problems = QdpxProject.Validate(project);
        if (problems.Count > 0)
        {
            throw new InvalidOperationException("the project.qde PolicyMiner built does not follow the REFI-QDA schema (a bug; please report it): " + string.Join("; ", problems.Take(5)));
        }
        AtomicFile.WriteStream(path, stream =>
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
            var entry = zip.CreateEntry(QdpxProject.ProjectEntry, CompressionLevel.Optimal);
            entry.LastWriteTime = EntryTime;
            using (var es = entry.Open())
            using (var w = XmlWriter.Create(es, new XmlWriterSettings { Encoding = AtomicFile.Utf8, Indent = true, NewLineChars = "\n" }))
            {
                project.Save(w);
            }
            foreach (var (name, text) in texts)
            {
                var source = zip.CreateEntry(QdpxProject.SourcesFolder + name, CompressionLevel.Optimal);
                source.LastWriteTime = EntryTime;
                using var s = source.Open();
                var bytes = AtomicFile.Utf8.GetBytes(text);
                s.Write(bytes);
            }
        });
        return summary;
    }

    /// <summary>Builds project.qde and the source texts (file name in sources/ → text) without writing anything.</summary>
    public static (XDocument Project, IReadOnlyList<(string Name, string Text)> Texts, QdpxSummary Summary) Build(QdpxContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var ns = QdpxProject.Ns;
        var book = content.Codebook;
        var machineUser = QdpxGuid.User(QdpxProject.MachineUser);
        var users = new SortedDictionary<string, string>(StringComparer.Ordinal);

        var docs = content.Documents.Where(d => !string.IsNullOrEmpty(d.Text)).ToList();
        var keys = docs.Select(d => new DocumentKey(d.DocId, d.Path, d.Sha256)).ToList();
        var machine = MachineCodes(content.Machine, keys, book);
        var hand = HandCodes(content.Hand, keys);

        var sources = new List<XElement>();
        var texts = new List<(string, string)>();
        int passages = 0, whole = 0, handCodings = 0;
        foreach (var doc in docs.OrderBy(d => d.DocId, StringComparer.Ordinal))
        {
            var guid = QdpxGuid.Source(doc.DocId);
            var file = guid + ".txt";
            texts.Add((file, doc.Text));
            var length = CodePoints(doc.Text, doc.Text.Length);
            // One selection per (user, span): two labels drawn from the same sentence share it (a GUID names one element).
            var spans = new Dictionary<(string User, long Start, long End), (string UserGuid, List<string> Why, List<(CodebookTask, CodebookLabel)> Labels)>();
            void Mark(string user, string userGuid, long start, long end, string why, IEnumerable<(CodebookTask, CodebookLabel)> labels)
            {
                if (!spans.TryGetValue((user, start, end), out var span))
                {
                    spans[(user, start, end)] = span = (userGuid, [], []);
                }
                span.Why.Add(why);
                span.Labels.AddRange(labels.Where(l => !span.Labels.Contains(l)));
            }
            foreach (var (task, label, prob, evidence) in machine.GetValueOrDefault(doc.DocId) ?? [])
            {
                var found = EvidencePassages.Find(doc.Text, evidence);
                var why = $"{QdpxProject.MachineUser}: {task.Name} = {label.Code}" + (prob is null ? "" : $" (probability {prob})");
                if (found.Count == 0)
                {
                    Mark(QdpxProject.MachineUser, machineUser, 0, length, why + (evidence.Count > 0 ? "; no evidence term occurs in the text: whole document" : "; whole document"), [(task, label)]);
                    whole++;
                    continue;
                }
                foreach (var p in found)
                {
                    Mark(QdpxProject.MachineUser, machineUser, CodePoints(doc.Text, p.Start), CodePoints(doc.Text, p.End), why + "; evidence: " + string.Join(", ", p.Terms), [(task, label)]);
                    passages++;
                }
            }
            foreach (var (coder, coded) in hand.GetValueOrDefault(doc.DocId) ?? [])
            {
                var userGuid = QdpxGuid.User(coder);
                users[coder] = userGuid;
                var resolved = coded.Select(c => (Task: book.Find(c.Task), c.Code)).Where(c => c.Task is not null)
                    .Select(c => (c.Task!, c.Task!.Labels.FirstOrDefault(l => l.Code == c.Code))).Where(c => c.Item2 is not null)
                    .Select(c => (c.Item1, c.Item2!)).ToList();
                if (resolved.Count > 0)
                {
                    Mark(coder, userGuid, 0, length, $"hand codes of {coder}", resolved);
                    handCodings += resolved.Count;
                }
            }
            var selections = spans.OrderBy(s => s.Key.Start).ThenBy(s => s.Key.End).ThenBy(s => s.Key.User, StringComparer.Ordinal)
                .Select(s => Selection(doc.DocId, s.Key.User, s.Value.UserGuid, s.Key.Start, s.Key.End, string.Join("\n", s.Value.Why), s.Value.Labels)).ToList();
            var description = string.Join("\n", new[] { doc.Title, "doc_id: " + doc.DocId, "file: " + doc.Path, doc.Metadata.Date is { } d ? "date: " + d : null }.OfType<string>());
            sources.Add(new XElement(ns + "TextSource",
                new XAttribute("guid", guid),
                new XAttribute("name", doc.DocId),
                new XAttribute("plainTextPath", QdpxProject.InternalPrefix + file),
                new XAttribute("creatingUser", machineUser),
                new XElement(ns + "Description", description),
                selections,
                Value("doc_id", doc.DocId),
                doc.Title is { Length: > 0 } title ? Value("title", title) : null,
                Value("file", doc.Path),
                doc.Metadata.Date is { Length: > 0 } date ? Value("date", date) : null));
        }

        var userElements = new List<XElement> { new(ns + "User", new XAttribute("guid", machineUser), new XAttribute("name", QdpxProject.MachineUser)) };
        userElements.AddRange(users.Where(u => u.Key != QdpxProject.MachineUser).Select(u => new XElement(ns + "User", new XAttribute("guid", u.Value), new XAttribute("name", u.Key))));
        var codes = book.Tasks.Select(task => new XElement(ns + "Code",
            new XAttribute("guid", QdpxGuid.Task(task.Name)),
            new XAttribute("name", QdpxCodes.Name(task)),
            new XAttribute("isCodable", "false"),
            new XElement(ns + "Description", $"task: {task.Name} ({(task.TaskKind == TaskKind.Multilabel ? "multi-label: any number of its codes per document" : "multiclass: exactly one of its codes per document")})" + (task.Definition is { } def ? "\n" + def : "")),
            task.Labels.Select(label => new XElement(ns + "Code",
                new XAttribute("guid", QdpxGuid.Code(task.Name, label.Code)),
                new XAttribute("name", QdpxCodes.Name(label)),
                new XAttribute("isCodable", "true"),
                new XElement(ns + "Description", $"code: {label.Code}" + (label.Definition is { } ld ? "\n" + ld : "")))))).ToList();
        var project = new XDocument(new XDeclaration("1.0", "utf-8", null),
            new XElement(ns + "Project",
                new XAttribute("name", content.ProjectName),
                new XAttribute("origin", "PolicyMiner " + ClassifierModel.ToolVersion),
                new XAttribute("creatingUserGUID", machineUser),
                new XElement(ns + "Users", userElements),
                codes.Count > 0 ? new XElement(ns + "CodeBook", new XElement(ns + "Codes", codes)) : null,
                new XElement(ns + "Variables", Variables.Select(v =>
                    new XElement(ns + "Variable", new XAttribute("guid", QdpxGuid.Variable(v)), new XAttribute("name", v), new XAttribute("typeOfVariable", "Text")))),
                sources.Count > 0 ? new XElement(ns + "Sources", sources) : null,
                new XElement(ns + "Description", $"Exported by PolicyMiner from documents.jsonl with the codebook '{book.Name}'. Codings by the user {QdpxProject.MachineUser} are the model's machine codes (never read back as labels); codings by other users are hand codes. Read codes back with `policyminer train --labels project.qdpx`.")));
        var summary = new QdpxSummary(docs.Count, book.Tasks.Sum(t => t.Labels.Count), passages, whole, handCodings,
            users.Keys.Where(u => u != QdpxProject.MachineUser).ToList(), content.Documents.Count - docs.Count);
        return (project, texts, summary);

        XElement Value(string variable, string value) =>
            new(ns + "VariableValue", new XElement(ns + "VariableRef", new XAttribute("targetGUID", QdpxGuid.Variable(variable))), new XElement(ns + "TextValue", value));

        XElement Selection(string docId, string user, string userGuid, long start, long end, string description, IReadOnlyList<(CodebookTask Task, CodebookLabel Label)> labels) =>
            new(ns + "PlainTextSelection",
                new XAttribute("guid", QdpxGuid.Selection(docId, user, start, end)),
                new XAttribute("startPosition", start.ToString(CultureInfo.InvariantCulture)),
                new XAttribute("endPosition", end.ToString(CultureInfo.InvariantCulture)),
                new XAttribute("creatingUser", userGuid),
                new XElement(ns + "Description", description),
                labels.Select(l => new XElement(ns + "Coding",
                    new XAttribute("guid", QdpxGuid.Coding(docId, user, l.Task.Name, l.Label.Code, start, end)),
                    new XAttribute("creatingUser", userGuid),
                    new XElement(ns + "CodeRef", new XAttribute("targetGUID", QdpxGuid.Code(l.Task.Name, l.Label.Code))))));
    }

    /// <summary>The number of Unicode characters (code points) before a UTF-16 index: what REFI-QDA positions count.</summary>
    public static long CodePoints(string text, int utf16Index)
    {
        ArgumentNullException.ThrowIfNull(text);
        long n = 0;
        for (var i = 0; i < utf16Index; i++)
        {
            if (!char.IsLowSurrogate(text[i]) || i == 0 || !char.IsHighSurrogate(text[i - 1]))
            {
                n++;
            }
        }
        return n;
    }

    /// <summary>doc_id → machine codes with probability and evidence terms, from classify's labeled CSV.</summary>
    private static Dictionary<string, List<(CodebookTask Task, CodebookLabel Label, string? Prob, IReadOnlyList<string> Evidence)>> MachineCodes(
        LabelTable? table, IReadOnlyList<DocumentKey> keys, Codebook book)
    {
        var result = new Dictionary<string, List<(CodebookTask, CodebookLabel, string?, IReadOnlyList<string>)>>(StringComparer.Ordinal);
        if (table is null)
        {
            return result;
        }
        var match = DocumentMatcher.Match(keys, table.Keys);
        var tasks = book.Tasks.Where(t => table.IndexOf(t.Name) >= 0).ToList();
        if (tasks.Count == 0)
        {
            throw new InvalidDataException($"{table.Path}: none of the codebook's tasks ({string.Join(", ", book.Tasks.Select(t => t.Name))}) is a column; columns are: {string.Join(", ", table.Columns)}. Pass the labeled.csv that `policyminer classify` wrote with this model (--model gives the codebook).");
        }
        foreach (var (key, docId) in match.DocIdOfKey)
        {
            var row = table.Row(key)!;
            string Cell(string column) => table.IndexOf(column) is var i and >= 0 ? row[i].Trim() : "";
            var list = new List<(CodebookTask, CodebookLabel, string?, IReadOnlyList<string>)>();
            foreach (var task in tasks)
            {
                var predicted = Cell(task.Name).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Select(v => task.Resolve(v) ?? throw new InvalidDataException($"{table.Path}: row of {key}, column '{task.Name}': unknown label '{v}'; known: {string.Join(", ", task.Codes)}. Was it written with another codebook? Pass that model with --model."))
                    .ToList();
                var evidence = EvidencePassages.Parse(Cell(task.Name + "_evidence"), task, predicted.Select(l => l.Code).ToList());
                foreach (var label in predicted)
                {
                    var prob = task.TaskKind == TaskKind.Multiclass ? Cell(task.Name + "_prob") : Cell(task.Name + "_" + label.Code + "_prob");
                    list.Add((task, label, prob.Length > 0 ? prob : null, evidence.GetValueOrDefault(label.Code) ?? []));
                }
            }
            result[docId] = list;
        }
        return result;
    }

    /// <summary>doc_id → (coder → task/label codes), from the hand codes; a row without a coder is attributed to its file's name.</summary>
    private static Dictionary<string, List<(string Coder, List<(string Task, string Code)> Codes)>> HandCodes(CodedSet? set, IReadOnlyList<DocumentKey> keys)
    {
        var result = new Dictionary<string, List<(string, List<(string, string)>)>>(StringComparer.Ordinal);
        if (set is null)
        {
            return result;
        }
        var match = DocumentMatcher.Match(keys, set.Rows.Select(r => r.Key));
        foreach (var row in set.Rows)
        {
            if (!match.DocIdOfKey.TryGetValue(row.Key, out var docId))
            {
                continue;
            }
            IEnumerable<(string Coder, IReadOnlyDictionary<string, IReadOnlyList<string>> Codes)> byCoder = row.ByCoder.Count > 0
                ? row.ByCoder.Select(kv => (kv.Key, kv.Value))
                : [(Path.GetFileName(row.LabelFile ?? "hand codes"), row.Codes)];
            if (!result.TryGetValue(docId, out var list))
            {
                result[docId] = list = [];
            }
            foreach (var (coder, codes) in byCoder)
            {
                // A person who calls themselves PolicyMiner must not be taken for the machine when the project is read back.
                var name = coder == QdpxProject.MachineUser ? coder + " (person)" : coder;
                list.RemoveAll(x => x.Item1 == name);
                list.Add((name, codes.SelectMany(kv => kv.Value.Select(c => (kv.Key, c))).ToList()));
            }
        }
        return result;
    }
}
