using System.IO.Compression;
using System.Xml;
using System.Xml.Linq;
using PolicyMiner.Classification;

namespace PolicyMiner.Export.Qdpx;

/// <summary>
/// Reads the codes people made in a QDA tool (a REFI-QDA Project, <c>.qdpx</c> or bare <c>project.qde</c>) back as
/// labels for <c>train</c>, <c>evaluate</c>, <c>next</c> and <c>export --coded</c>.
/// <list type="bullet">
/// <item>Only codings by people count. Codings by the user "PolicyMiner" — recognised by its user GUID or name, or by
/// the GUID PolicyMiner gave the coding — are the model's guesses and never labels, even where nobody removed them
/// (as <c>status machine</c> rows of a coding sheet): a coder who agrees with a machine code codes it under their own
/// user. A tool that re-attributes every coding to the importing user would defeat this; then the coding GUID still
/// tells (when the tool keeps GUIDs).</item>
/// <item>Codes are mapped to codebook labels by PolicyMiner's GUID, else by name (<see cref="QdpxCodes"/>).
/// Codes that map to no label are listed in a warning with how many codings used them, and are not used.</item>
/// <item>A source is a document by its <c>doc_id</c> variable, else its name; <see cref="DocumentMatcher"/> then joins it
/// by doc_id, path, file name or stem, and the training set lists sources it could not match.</item>
/// <item>Several people on one document: a multi-label task takes the union of their codes; a multiclass task takes
/// the code when they agree and leaves the document out of the task (with a warning) when they do not. When exactly
/// two people coded a task, their codes on the documents both coded give the coders' κ and α.</item>
/// <item>Whole-document and passage codings count alike: the unit of analysis is the document.</item>
/// </list>
/// </summary>
public static class QdpxLabels
{
    /// <summary>The kind of a project in <see cref="LabelFileSummary"/>.</summary>
    public const string Kind = "REFI-QDA project";

    private sealed record CodeInfo(string Name, CodebookTask? Task, CodebookLabel? Label, string? Why);

    /// <summary>Reads a project's codings by people as coded rows, validated against <paramref name="codebook"/>.</summary>
    public static CodedSet Read(string path, Codebook codebook, IReadOnlyList<TaskSpec> taskSpecs)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(codebook);
        ArgumentNullException.ThrowIfNull(taskSpecs);
        var doc = Load(path);
        var root = doc.Root!;
        var ns = root.Name.Namespace;
        var tasks = codebook.Tasks.ToList();
        foreach (var spec in taskSpecs)
        {
            if (codebook.Find(spec.Name) is null)
            {
                throw new InvalidDataException($"--task {spec.Name}: the codebook has no such task; known: {string.Join(", ", codebook.Tasks.Select(t => t.Name))}.");
            }
        }
        if (taskSpecs.Count > 0)
        {
            tasks = taskSpecs.Select(s => codebook.Find(s.Name)!).ToList();
        }

        var users = root.Element(ns + "Users")?.Elements(ns + "User")
            .Select(u => (Guid: NormGuid((string?)u.Attribute("guid")), Name: (string?)u.Attribute("name") ?? (string?)u.Attribute("id")))
            .Where(u => u.Guid.Length > 0).GroupBy(u => u.Guid).ToDictionary(g => g.Key, g => g.First().Name ?? g.Key, StringComparer.Ordinal)
            ?? new Dictionary<string, string>(StringComparer.Ordinal);
        var machineGuid = QdpxGuid.User(QdpxProject.MachineUser);
        var codes = new Dictionary<string, CodeInfo>(StringComparer.Ordinal);
        foreach (var code in root.Element(ns + "CodeBook")?.Element(ns + "Codes")?.Elements(ns + "Code") ?? [])
        {
            MapCodes(code, null, ns, tasks, codes);
        }
        var variables = root.Element(ns + "Variables")?.Elements(ns + "Variable")
            .Where(v => string.Equals((string?)v.Attribute("name"), "doc_id", StringComparison.OrdinalIgnoreCase))
            .Select(v => NormGuid((string?)v.Attribute("guid"))).ToHashSet(StringComparer.Ordinal) ?? [];
        var projectUser = NormGuid((string?)root.Attribute("creatingUserGUID"));

        var warnings = new List<string>();
        var unmapped = new SortedDictionary<string, (string Why, int Count, SortedSet<string> By)>(StringComparer.Ordinal);
        var rows = new Dictionary<string, CodedRow>(StringComparer.Ordinal);
        int textSources = 0, machineOnly = 0, machineCodings = 0;
        var personCodings = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var sources = root.Element(ns + "Sources")?.Elements().ToList() ?? [];
        var others = sources.Where(s => s.Name != ns + "TextSource").GroupBy(s => s.Name.LocalName).Select(g => $"{g.Count()} {g.Key}").ToList();
        if (others.Count > 0)
        {
            warnings.Add($"{path}: {string.Join(", ", others)} skipped: only text sources are PolicyMiner documents.");
        }
        var seenKeys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var source in sources.Where(s => s.Name == ns + "TextSource"))
        {
            textSources++;
            var key = Key(source, ns, variables);
            if (key is null)
            {
                warnings.Add($"{path}: a text source without name or doc_id variable (guid {(string?)source.Attribute("guid")}) skipped.");
                continue;
            }
            if (!seenKeys.Add(key))
            {
                warnings.Add($"{path}: two text sources are named '{key}'; the later one's codes replace the earlier one's.");
            }
            var sourceUser = NormGuid((string?)source.Attribute("creatingUser"));
            // coder → task → codes, in codebook order later.
            var byCoder = new SortedDictionary<string, Dictionary<string, HashSet<string>>>(StringComparer.Ordinal);
            var hadMachine = false;
            var codings = source.Elements(ns + "PlainTextSelection").SelectMany(sel => sel.Elements(ns + "Coding").Select(c => (Coding: c, Selection: (XElement?)sel)))
                .Concat(source.Elements(ns + "Coding").Select(c => (Coding: c, Selection: (XElement?)null)));
            foreach (var (coding, selection) in codings)
            {
                var codeGuid = NormGuid((string?)coding.Element(ns + "CodeRef")?.Attribute("targetGUID"));
                var userGuid = FirstNonEmpty(NormGuid((string?)coding.Attribute("creatingUser")), NormGuid((string?)selection?.Attribute("creatingUser")), sourceUser, projectUser);
                var userName = userGuid.Length == 0 ? "(no user)" : users.GetValueOrDefault(userGuid) ?? userGuid;
                var info = codes.GetValueOrDefault(codeGuid);
                var isMachine = userGuid == machineGuid || string.Equals(userName, QdpxProject.MachineUser, StringComparison.OrdinalIgnoreCase)
                    || (info?.Label is { } l && selection is not null
                        && NormGuid((string?)coding.Attribute("guid")) == QdpxGuid.Coding(key, QdpxProject.MachineUser, info.Task!.Name, l.Code,
                            (long?)selection.Attribute("startPosition") ?? -1, (long?)selection.Attribute("endPosition") ?? -1));
                if (isMachine)
                {
                    hadMachine = true;
                    machineCodings++;
                    continue;
                }
                if (info?.Label is null)
                {
                    var name = info?.Name ?? $"(code {codeGuid} not in the codebook of the project)";
                    var why = info?.Why ?? "the coding refers to no code";
                    var entry = unmapped.GetValueOrDefault(name, (why, 0, new SortedSet<string>(StringComparer.Ordinal)));
                    entry.Item3.Add(userName);
                    unmapped[name] = (entry.Item1, entry.Item2 + 1, entry.Item3);
                    continue;
                }
                personCodings[userName] = personCodings.GetValueOrDefault(userName) + 1;
                if (!byCoder.TryGetValue(userName, out var perTask))
                {
                    byCoder[userName] = perTask = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
                }
                if (!perTask.TryGetValue(info.Task!.Name, out var set))
                {
                    perTask[info.Task.Name] = set = new HashSet<string>(StringComparer.Ordinal);
                }
                set.Add(info.Label.Code);
            }
            if (byCoder.Count == 0)
            {
                machineOnly += hadMachine ? 1 : 0;
                continue;
            }
            var rowCodes = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
            foreach (var task in tasks)
            {
                var given = byCoder.Where(c => c.Value.ContainsKey(task.Name)).ToList();
                if (given.Count == 0)
                {
                    continue;
                }
                var union = task.Codes.Where(c => given.Any(g => g.Value[task.Name].Contains(c))).ToList();
                if (task.TaskKind == TaskKind.Multiclass && union.Count > 1)
                {
                    warnings.Add($"{path}: source '{key}': multiclass task '{task.Name}' has several codes ({string.Join("; ", given.Select(g => $"{g.Key}: {string.Join(", ", task.Codes.Where(c => g.Value[task.Name].Contains(c)))}"))}); the document is left out of '{task.Name}'. Keep one code in the QDA tool.");
                    continue;
                }
                rowCodes[task.Name] = union;
            }
            var coders = byCoder.ToDictionary(c => c.Key, c => (IReadOnlyDictionary<string, IReadOnlyList<string>>)tasks.Where(t => c.Value.ContainsKey(t.Name))
                .ToDictionary(t => t.Name, t => (IReadOnlyList<string>)t.Codes.Where(x => c.Value[t.Name].Contains(x)).ToList(), StringComparer.Ordinal), StringComparer.Ordinal);
            rows[key] = new CodedRow(key, $"{path}: source '{key}'", rowCodes, new Dictionary<string, (IReadOnlyList<string>, IReadOnlyList<string>)>()) { LabelFile = path, ByCoder = coders };
        }
        if (unmapped.Count > 0)
        {
            warnings.Add($"{path}: codes that map to no label of the codebook are NOT used: " + string.Join("; ", unmapped.Select(u => $"'{u.Key}' ({u.Value.Count} codings by {string.Join(", ", u.Value.By)}; {u.Value.Why})"))
                + ". Name a code like a label (its code, Chinese or English name, e.g. 'agriculture' or '农业'), or add the label to the codebook.");
        }
        if (rows.Count == 0)
        {
            throw new InvalidDataException($"{path}: no coding by a person that maps to a label: {textSources} text sources, {machineCodings} codings by {QdpxProject.MachineUser} (machine codes, never labels)" +
                (unmapped.Count > 0 ? $", {unmapped.Values.Sum(u => u.Count)} codings with codes that map to no label ({string.Join(", ", unmapped.Keys.Take(5).Select(k => "'" + k + "'"))})" : "") +
                ". Code documents under your own user in the QDA tool, with the codes PolicyMiner exported (or codes named like the codebook's labels), then export the project again.");
        }
        var present = tasks.Where(t => rows.Values.Any(r => r.Codes.ContainsKey(t.Name))).ToList();
        var book = codebook with { Tasks = taskSpecs.Count > 0 ? tasks : present };
        var (coderColumns, paired) = Pairs(book, rows.Values.ToList());
        var notes = new List<string>
        {
            $"{path}: codings by people: {string.Join(", ", personCodings.Select(p => $"{p.Key} {p.Value}"))}; {machineCodings} codings by {QdpxProject.MachineUser} skipped (machine codes are never labels)",
        };
        return new CodedSet(book, "doc_id", paired.OrderBy(r => r.Key, StringComparer.Ordinal).ToList(), coderColumns, warnings)
        {
            Notes = notes,
            Files = [new LabelFileSummary(path, Kind, textSources, rows.Count, machineOnly)],
        };
    }

    /// <summary>When exactly two people coded a task: their names, and each row both coded carries their two codings.</summary>
    private static (Dictionary<string, (string, string)>, List<CodedRow>) Pairs(Codebook book, List<CodedRow> rows)
    {
        var columns = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        var second = rows.ToDictionary(r => r, _ => new Dictionary<string, (IReadOnlyList<string>, IReadOnlyList<string>)>(StringComparer.Ordinal));
        foreach (var task in book.Tasks)
        {
            var people = rows.SelectMany(r => r.ByCoder.Where(c => c.Value.ContainsKey(task.Name)).Select(c => c.Key)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            if (people.Count != 2)
            {
                continue;
            }
            columns[task.Name] = (people[0], people[1]);
            foreach (var r in rows)
            {
                if (r.ByCoder.TryGetValue(people[0], out var a) && a.TryGetValue(task.Name, out var ca) && r.ByCoder.TryGetValue(people[1], out var b) && b.TryGetValue(task.Name, out var cb))
                {
                    second[r][task.Name] = (ca, cb);
                }
            }
        }
        return (columns, rows.Select(r => r with { SecondCoder = second[r] }).ToList());
    }

    private static void MapCodes(XElement code, CodebookTask? parentTask, XNamespace ns, List<CodebookTask> tasks, Dictionary<string, CodeInfo> codes)
    {
        var guid = NormGuid((string?)code.Attribute("guid"));
        var name = ((string?)code.Attribute("name"))?.Trim() ?? "";
        CodeInfo info;
        var byGuid = tasks.SelectMany(t => t.Labels.Select(l => (Task: t, Label: l))).FirstOrDefault(x => QdpxGuid.Code(x.Task.Name, x.Label.Code) == guid);
        var asTask = tasks.FirstOrDefault(t => QdpxGuid.Task(t.Name) == guid) ?? (parentTask is null ? tasks.FirstOrDefault(t => QdpxCodes.IsTask(t, name)) : null);
        if (byGuid.Task is not null)
        {
            info = new CodeInfo(name, byGuid.Task, byGuid.Label, null);
        }
        else if (asTask is not null)
        {
            info = new CodeInfo(name, asTask, null, $"the group code of task '{asTask.Name}' itself; code a document with one of its codes");
        }
        else
        {
            var found = QdpxCodes.Find(parentTask is null ? tasks : [parentTask], name);
            info = found.Count switch
            {
                1 => new CodeInfo(name, found[0].Task, found[0].Label, null),
                0 => new CodeInfo(name, null, null, parentTask is null ? "no label has this name" : $"no label of task '{parentTask.Name}' has this name"),
                _ => new CodeInfo(name, null, null, $"a label of several tasks ({string.Join(", ", found.Select(f => f.Task.Name))}); put it under the task's group code"),
            };
        }
        if (guid.Length > 0)
        {
            codes[guid] = info;
        }
        foreach (var child in code.Elements(ns + "Code"))
        {
            MapCodes(child, asTask ?? info.Task ?? parentTask, ns, tasks, codes);
        }
    }

    private static string? Key(XElement source, XNamespace ns, HashSet<string> docIdVariables)
    {
        var docId = source.Elements(ns + "VariableValue")
            .Where(v => docIdVariables.Contains(NormGuid((string?)v.Element(ns + "VariableRef")?.Attribute("targetGUID"))))
            .Select(v => ((string?)v.Element(ns + "TextValue"))?.Trim()).FirstOrDefault(v => !string.IsNullOrEmpty(v));
        if (docId is not null)
        {
            return docId;
        }
        if (((string?)source.Attribute("name"))?.Trim() is { Length: > 0 } name)
        {
            return name;
        }
        var file = ((string?)source.Attribute("plainTextPath"))?.Trim();
        return string.IsNullOrEmpty(file) ? null : Path.GetFileName(file.Replace(QdpxProject.InternalPrefix, "", StringComparison.Ordinal));
    }

    private static string FirstNonEmpty(params string[] values) => values.FirstOrDefault(v => v.Length > 0) ?? "";

    /// <summary>GUIDs compared lower-case without braces (the schema allows both forms; tools differ in case).</summary>
    private static string NormGuid(string? guid) => (guid ?? "").Trim().Trim('{', '}').ToLowerInvariant();

    /// <summary>Loads project.qde from a .qdpx zip or a bare .qde file; errors say what is wrong and what to do.</summary>
    public static XDocument Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new InvalidDataException($"{path}: file not found.");
        }
        try
        {
            XDocument doc;
            if (path.EndsWith(".qde", StringComparison.OrdinalIgnoreCase))
            {
                doc = XDocument.Load(path, LoadOptions.SetLineInfo);
            }
            else
            {
                using var zip = ZipFile.OpenRead(path);
                var entry = zip.GetEntry(QdpxProject.ProjectEntry)
                    ?? zip.Entries.FirstOrDefault(e => e.FullName.EndsWith(".qde", StringComparison.OrdinalIgnoreCase) && !e.FullName.Contains('/', StringComparison.Ordinal))
                    ?? throw new InvalidDataException($"{path}: no project.qde inside; a REFI-QDA project (.qdpx) is a zip holding project.qde and sources/. Export the project again from the QDA tool with its REFI-QDA (QDPX) project export.");
                using var stream = entry.Open();
                doc = XDocument.Load(stream, LoadOptions.SetLineInfo);
            }
            if (doc.Root?.Name.LocalName != "Project")
            {
                throw new InvalidDataException($"{path}: project.qde's root element is <{doc.Root?.Name.LocalName}>, not <Project> (namespace {QdpxProject.NamespaceUri}); is it a codebook (.qdc) rather than a project? Export a project (.qdpx) from the QDA tool.");
            }
            return doc;
        }
        catch (InvalidDataException ex) when (ex.InnerException is null && ex.Message.StartsWith(path, StringComparison.Ordinal))
        {
            throw;
        }
        catch (InvalidDataException ex)
        {
            throw new InvalidDataException($"{path}: not a readable .qdpx zip ({ex.Message}). Export the project again from the QDA tool.", ex);
        }
        catch (XmlException ex)
        {
            throw new InvalidDataException($"{path}: project.qde is not well-formed XML at line {ex.LineNumber}, position {ex.LinePosition} ({ex.Message}). Export the project again from the QDA tool.", ex);
        }
    }
}
