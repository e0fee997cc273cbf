using System.Text.Json;
using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using PolicyMiner.Classification;
using PolicyMiner.Export.Qdpx;
using PolicyMiner.Extraction;

namespace PolicyMiner.Tests.Export;

/// <summary>
/// REFI-QDA project exchange on the sample regulations: the exported project follows the standard's schema
/// (<c>Project-mrt2019.xsd</c>, committed), carries documents, codebook, machine and hand codes with stable GUIDs, and
/// codes edited as a QDA tool would reach the next model.
/// </summary>
public class QdpxTests(QdpxFixture fx) : IClassFixture<QdpxFixture>
{
    private static readonly XNamespace Ns = "urn:QDA-XML:project:1.0";

    private static string SchemaPath => Path.Combine(SharedData.RepoRoot, "src", "PolicyMiner", "Export", "Qdpx", "Project-mrt2019.xsd");

    private static List<ExtractedDocument> Docs(string jsonl) => DocumentsJsonl.Read(jsonl).ToList();

    private static ModelCard Card(string model) =>
        JsonSerializer.Deserialize<ModelCard>(File.ReadAllText(Path.Combine(model, "model-card.json")), ModelCard.JsonOptions)!;

    [Fact]
    public void Project_qde_is_valid_against_the_REFI_QDA_project_schema()
    {
        var schemas = new XmlSchemaSet();
        using (var reader = XmlReader.Create(SchemaPath))
        {
            schemas.Add("urn:QDA-XML:project:1.0", reader);
        }
        var project = QdpxFixture.ReadProject(fx.Project);
        var errors = new List<string>();
        project.Validate(schemas, (_, e) => errors.Add(e.Message));
        Assert.True(errors.Count == 0, string.Join("\n", errors.Take(10)));

        // The schema does not check what a QDA tool relies on: GUIDs unique, references resolve, spans inside the text.
        var guids = project.Descendants().Select(e => (string?)e.Attribute("guid")).OfType<string>().ToList();
        Assert.Equal(guids.Count, guids.Distinct(StringComparer.Ordinal).Count());
        var codes = project.Descendants(Ns + "Code").Select(c => (string)c.Attribute("guid")!).ToHashSet();
        var users = project.Descendants(Ns + "User").Select(u => (string)u.Attribute("guid")!).ToHashSet();
        Assert.All(project.Descendants(Ns + "CodeRef"), r => Assert.Contains((string)r.Attribute("targetGUID")!, codes));
        Assert.All(project.Descendants(Ns + "Coding"), c => Assert.Contains((string)c.Attribute("creatingUser")!, users));
        // A project that fails the schema is refused by the library itself (the same check runs on every export).
        var broken = new XDocument(project);
        broken.Root!.Element(Ns + "Users")!.Elements().First().Attribute("guid")!.Value = "not-a-guid";
        Assert.NotEmpty(QdpxProject.Validate(broken));
        Assert.Empty(QdpxProject.Validate(project));
    }

    [Fact]
    public void Documents_are_UTF8_text_sources_named_by_doc_id_with_their_variables()
    {
        var project = QdpxFixture.ReadProject(fx.Project);
        var docs = Docs(fx.Documents);
        var sources = project.Descendants(Ns + "TextSource").ToList();
        Assert.Equal(docs.Select(d => d.DocId).Order(StringComparer.Ordinal), sources.Select(s => (string)s.Attribute("name")!));
        foreach (var doc in docs)
        {
            var source = sources.Single(s => (string)s.Attribute("name")! == doc.DocId);
            Assert.Equal(QdpxGuid.Source(doc.DocId), (string)source.Attribute("guid")!);
            var path = (string)source.Attribute("plainTextPath")!;
            Assert.StartsWith("internal://", path, StringComparison.Ordinal);
            Assert.Equal(doc.Text, QdpxFixture.ReadEntry(fx.Project, "sources/" + path["internal://".Length..]));
            var values = source.Elements(Ns + "VariableValue").ToDictionary(
                v => project.Descendants(Ns + "Variable").Single(x => (string)x.Attribute("guid")! == (string)v.Element(Ns + "VariableRef")!.Attribute("targetGUID")!).Attribute("name")!.Value,
                v => v.Element(Ns + "TextValue")!.Value);
            Assert.Equal(doc.DocId, values["doc_id"]);
            Assert.Equal(doc.Title, values["title"]);
            Assert.Equal(doc.Path, values["file"]);
            var length = QdpxWriter.CodePoints(doc.Text, doc.Text.Length);
            Assert.All(source.Elements(Ns + "PlainTextSelection"), s =>
            {
                var (start, end) = ((long)s.Attribute("startPosition")!, (long)s.Attribute("endPosition")!);
                Assert.InRange(start, 0, end - 1);
                Assert.InRange(end, start + 1, length);
            });
        }
    }

    [Fact]
    public void Codebook_becomes_one_code_per_label_grouped_under_its_task_with_zh_en_names_and_definitions()
    {
        var project = QdpxFixture.ReadProject(fx.Project);
        var book = Codebook.Load(QdpxFixture.Codebook);
        var task = book.Find("fields")!;
        var group = project.Descendants(Ns + "CodeBook").Single().Element(Ns + "Codes")!.Elements(Ns + "Code").Single();
        Assert.Equal("合作领域 / cooperation fields", (string)group.Attribute("name")!);
        Assert.Equal("false", (string)group.Attribute("isCodable")!);
        var children = group.Elements(Ns + "Code").ToList();
        Assert.Equal(task.Labels.Count, children.Count);
        foreach (var (label, code) in task.Labels.Zip(children))
        {
            Assert.Equal($"{label.Zh} / {label.En}", (string)code.Attribute("name")!);
            Assert.Equal(QdpxGuid.Code("fields", label.Code), (string)code.Attribute("guid")!);
            Assert.Equal($"code: {label.Code}\n{label.Definition}", code.Element(Ns + "Description")!.Value);
        }
    }

    [Fact]
    public void Machine_codes_mark_evidence_passages_as_PolicyMiner_and_hand_codes_whole_documents_as_their_coder()
    {
        var project = QdpxFixture.ReadProject(fx.Project);
        var userName = project.Descendants(Ns + "User").ToDictionary(u => (string)u.Attribute("guid")!, u => (string)u.Attribute("name")!);
        Assert.Equal(["PolicyMiner", "labels.csv"], userName.Values);
        var docs = Docs(fx.Documents).ToDictionary(d => d.DocId);
        var labeled = PolicyMiner.Export.LabelTable.Read(fx.Labeled, allowFileKey: false);
        var hand = PolicyMiner.Export.LabelTable.Read(Path.Combine(QdpxFixture.Sample, "labels.csv"), allowFileKey: true);
        var passages = 0;
        foreach (var source in project.Descendants(Ns + "TextSource"))
        {
            var id = (string)source.Attribute("name")!;
            var text = docs[id].Text;
            var codings = source.Elements(Ns + "PlainTextSelection").SelectMany(s => s.Elements(Ns + "Coding").Select(c => (Selection: s, Coding: c))).ToList();
            string Label(XElement coding) => ((string)project.Descendants(Ns + "Code").Single(c => (string)c.Attribute("guid")! == (string)coding.Element(Ns + "CodeRef")!.Attribute("targetGUID")!).Element(Ns + "Description")!.Value).Split('\n')[0]["code: ".Length..];
            var machine = codings.Where(c => userName[(string)c.Coding.Attribute("creatingUser")!] == "PolicyMiner").ToList();
            var byHand = codings.Where(c => userName[(string)c.Coding.Attribute("creatingUser")!] == "labels.csv").ToList();
            Assert.Equal(labeled.Row(id)![labeled.IndexOf("fields")].Split(';', StringSplitOptions.RemoveEmptyEntries).Order(), machine.Select(c => Label(c.Coding)).Distinct().Order());
            Assert.Equal(hand.Row(id)![hand.IndexOf("fields")].Split(';').Order(), byHand.Select(c => Label(c.Coding)).Order());
            Assert.All(byHand, c => Assert.Equal((0L, QdpxWriter.CodePoints(text, text.Length)), ((long)c.Selection.Attribute("startPosition")!, (long)c.Selection.Attribute("endPosition")!)));
            foreach (var (selection, coding) in machine)
            {
                var description = selection.Element(Ns + "Description")!.Value;
                Assert.Contains($"PolicyMiner: fields = {Label(coding)}", description, StringComparison.Ordinal);
                if (!description.Contains("evidence: ", StringComparison.Ordinal))
                {
                    continue;
                }
                // The passage holds at least one of the evidence terms it names (the sample texts are all in the BMP).
                var span = text[(int)(long)selection.Attribute("startPosition")!..(int)(long)selection.Attribute("endPosition")!];
                var terms = description.Split('\n').SelectMany(l => l.Contains("evidence: ", StringComparison.Ordinal) ? l[(l.IndexOf("evidence: ", StringComparison.Ordinal) + 10)..].Split(", ") : []);
                Assert.Contains(terms, t => span.Contains(EvidencePassages.AsInText(t), StringComparison.Ordinal));
                passages++;
            }
        }
        Assert.True(passages > 100, $"{passages} evidence passages");
        Assert.Contains("machine codings by PolicyMiner", fx.ExportLog, StringComparison.Ordinal);
    }

    [Fact]
    public void Exporting_again_gives_the_same_project_byte_for_byte()
    {
        var again = Path.Combine(fx.Dir, "again.qdpx");
        QdpxFixture.Ok("export", "--docs", fx.Documents, "--labels", fx.Labeled, "--coded", Path.Combine(QdpxFixture.Sample, "labels.csv"), "--model", fx.Model,
            "-o", Path.Combine(fx.Dir, "export2"), "--formats", "csv", "--qdpx", again);
        Assert.Equal(QdpxFixture.ReadEntry(fx.Project, "project.qde"), QdpxFixture.ReadEntry(again, "project.qde"));
        Assert.Equal(File.ReadAllBytes(fx.Project), File.ReadAllBytes(again));
    }

    /// <summary>
    /// The round trip: a QDA tool's re-export with another user's coding added (王芳 codes R0001 agriculture on a
    /// passage), one code removed from a document (labels.csv's transport on R0001), all hand codes of R0019 removed
    /// (only PolicyMiner's remain), a code that is no label (备忘) and a source that is no document. The next model
    /// trains on exactly the edited codes, and train says what it could not use.
    /// </summary>
    [Fact]
    public void Codes_edited_in_a_QDA_tool_reach_the_next_model()
    {
        var project = QdpxFixture.ReadProject(fx.Project);
        var root = project.Root!;
        var wang = "0f8fad5b-d9cb-469f-a165-70867728950e";
        root.Element(Ns + "Users")!.Add(new XElement(Ns + "User", new XAttribute("guid", wang), new XAttribute("name", "王芳")));
        var memo = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
        root.Element(Ns + "CodeBook")!.Element(Ns + "Codes")!.Add(new XElement(Ns + "Code", new XAttribute("guid", memo), new XAttribute("name", "备忘"), new XAttribute("isCodable", "true")));
        var handUser = QdpxGuid.User("labels.csv");
        XElement Source(string id) => root.Descendants(Ns + "TextSource").Single(s => (string)s.Attribute("name")! == id);
        XElement Coding(string user, string code, int n) => new(Ns + "Coding", new XAttribute("guid", $"9b2d1c3e-0000-4000-8000-{n:000000000000}"), new XAttribute("creatingUser", user),
            new XElement(Ns + "CodeRef", new XAttribute("targetGUID", code)));
        XElement Selection(int n, int start, int end, params XElement[] codings) => new(Ns + "PlainTextSelection", new XAttribute("guid", $"5a1b2c3d-0000-4000-8000-{n:000000000000}"),
            new XAttribute("startPosition", start), new XAttribute("endPosition", end), new XAttribute("creatingUser", wang), codings);

        // 王芳 codes agriculture on a passage of R0001 (selections come before VariableValue in a TextSource).
        Source("R0001").Elements(Ns + "PlainTextSelection").Last().AddAfterSelf(Selection(1, 20, 60, Coding(wang, QdpxGuid.Code("fields", "agriculture"), 1)));
        // labels.csv's transport removed from R0001.
        Source("R0001").Descendants(Ns + "Coding").Single(c => (string)c.Attribute("creatingUser")! == handUser && (string)c.Element(Ns + "CodeRef")!.Attribute("targetGUID")! == QdpxGuid.Code("fields", "transport")).Remove();
        // Every hand coding of R0019 removed: only PolicyMiner's machine codes stay on it.
        Source("R0019").Descendants(Ns + "Coding").Where(c => (string)c.Attribute("creatingUser")! == handUser).Remove();
        Assert.NotEmpty(Source("R0019").Descendants(Ns + "Coding"));
        // A code that is no label, and a source that is no document.
        Source("R0007").Elements(Ns + "PlainTextSelection").Last().AddAfterSelf(Selection(2, 0, 10, Coding(wang, memo, 2)));
        root.Element(Ns + "Sources")!.Add(new XElement(Ns + "TextSource", new XAttribute("guid", "3f2504e0-4f89-41d3-9a0c-0305e82c3301"), new XAttribute("name", "访谈记录-01"),
            new XAttribute("plainTextPath", "internal://3f2504e0-4f89-41d3-9a0c-0305e82c3301.txt"),
            Selection(3, 0, 5, Coding(wang, QdpxGuid.Code("fields", "economic"), 3))));
        var edited = QdpxFixture.WithProject(fx.Project, project, "edited.qdpx");

        var model = Path.Combine(fx.Dir, "m1");
        var train = QdpxFixture.Ok("train", "--docs", fx.Documents, "--labels", edited, "--codebook", QdpxFixture.Codebook, "--model", model, "--no-cv");
        var codes = Card(model).TrainingCodes!;
        var before = Card(fx.Model).TrainingCodes!;
        Assert.Equal("economic;agriculture", codes["R0001"]["fields"]);
        Assert.Equal("economic;transport", before["R0001"]["fields"]);
        Assert.False(codes.ContainsKey("R0019"));
        Assert.Equal(before.Keys.Where(k => k != "R0019"), codes.Keys);
        foreach (var id in codes.Keys.Where(k => k != "R0001"))
        {
            Assert.Equal(before[id], codes[id]);
        }
        Assert.Contains("'备忘' (1 codings by 王芳; no label has this name)", train.Stderr, StringComparison.Ordinal);
        Assert.Contains($"{edited}: 47 of 48 rows matched a document by doc_id (doc_id 47); 1 unmatched, e.g. '访谈记录-01'", train.Stderr, StringComparison.Ordinal);
        Assert.Contains("codings by people: labels.csv 63, 王芳 2; ", train.Stderr, StringComparison.Ordinal);
        Assert.Contains("REFI-QDA project, 49 text sources: 48 coded by people, 1 coded only by PolicyMiner (skipped, not labels)", train.Stderr, StringComparison.Ordinal);

        // The same codes give the dataset's hand-coded column (export --coded project.qdpx).
        QdpxFixture.Ok("export", "--docs", fx.Documents, "--coded", edited, "--model", model, "-o", Path.Combine(fx.Dir, "export3"), "--formats", "csv");
        var dataset = PolicyMiner.Export.LabelTable.Read(Path.Combine(fx.Dir, "export3", "dataset.csv"), allowFileKey: false);
        Assert.Equal("economic;agriculture", dataset.Row("R0001")![dataset.IndexOf("coded_fields")]);
        Assert.Equal("", dataset.Row("R0019")![dataset.IndexOf("coded_fields")]);
    }

    [Fact]
    public void Code_names_map_by_code_zh_en_or_both_ignoring_case_and_spaces()
    {
        var book = Codebook.Load(QdpxFixture.Codebook);
        foreach (var name in new[] { "agriculture", "农业", "AGRI culture", "农业 / agriculture", " 农业/Agriculture " })
        {
            var found = QdpxCodes.Find(book.Tasks, name);
            Assert.True(found.Count == 1 && found[0].Label.Code == "agriculture", name);
        }
        Assert.Empty(QdpxCodes.Find(book.Tasks, "farming"));
        Assert.True(QdpxCodes.IsTask(book.Find("type")!, "合作类型"));
        Assert.True(QdpxCodes.IsTask(book.Find("type")!, "Cooperation Type"));
    }

    [Fact]
    public void Positions_count_unicode_characters_not_utf16_units()
    {
        var text = "𠀀甲乙"; // U+20000 is two UTF-16 units, one character
        Assert.Equal(1, QdpxWriter.CodePoints(text, 2));
        Assert.Equal(3, QdpxWriter.CodePoints(text, text.Length));
    }

    [Fact]
    public void Evidence_cells_give_each_label_its_positive_terms_and_passages_are_their_sentences()
    {
        var task = Codebook.Load(QdpxFixture.Codebook).Find("fields")!;
        var parsed = EvidencePassages.Parse("agriculture: 耕地 +0.412; 土地 -0.100 | ecological: 森林 保护 +0.2", task, ["agriculture", "ecological"]);
        Assert.Equal(["耕地"], parsed["agriculture"]);
        Assert.Equal(["森林 保护"], parsed["ecological"]);
        Assert.Equal(["耕地", "土地"], EvidencePassages.Parse("耕地 +0.412; 土地 +0.330", task, ["agriculture"])["agriculture"]);
        Assert.Empty(EvidencePassages.Parse("耕地 +0.412", task, ["agriculture", "ecological"]));

        const string text = "第一条 为了保护耕地，制定本条例。第二条 森林保护由林业部门负责。";
        var passages = EvidencePassages.Find(text, ["耕地", "森林 保护", "草原"]);
        Assert.Equal(["第一条 为了保护耕地，制定本条例。", "第二条 森林保护由林业部门负责。"], passages.Select(p => text[p.Start..p.End]));
    }

    [Fact]
    public void Multiclass_codes_people_disagree_on_leave_the_document_out_of_that_task()
    {
        var book = Codebook.Load(QdpxFixture.Codebook);
        var (a, b) = (QdpxGuid.User("甲"), QdpxGuid.User("乙"));
        XElement Coding(string user, string label, int n) => new(Ns + "Coding", new XAttribute("guid", QdpxGuid.Of("t" + n)), new XAttribute("creatingUser", user),
            new XElement(Ns + "CodeRef", new XAttribute("targetGUID", QdpxGuid.Code("type", label))));
        XElement Source(string name, params XElement[] codings) => new(Ns + "TextSource", new XAttribute("guid", QdpxGuid.Source(name)), new XAttribute("name", name),
            new XElement(Ns + "PlainTextSelection", new XAttribute("guid", QdpxGuid.Of("s" + name)), new XAttribute("startPosition", 0), new XAttribute("endPosition", 5), codings));
        var project = new XDocument(new XElement(Ns + "Project", new XAttribute("name", "t"),
            new XElement(Ns + "Users", new XElement(Ns + "User", new XAttribute("guid", a), new XAttribute("name", "甲")), new XElement(Ns + "User", new XAttribute("guid", b), new XAttribute("name", "乙"))),
            new XElement(Ns + "CodeBook", new XElement(Ns + "Codes", new XElement(Ns + "Code", new XAttribute("guid", QdpxGuid.Task("type")), new XAttribute("name", "合作类型"), new XAttribute("isCodable", "false"),
                book.Find("type")!.Labels.Select(l => new XElement(Ns + "Code", new XAttribute("guid", QdpxGuid.Code("type", l.Code)), new XAttribute("name", QdpxCodes.Name(l)), new XAttribute("isCodable", "true")))))),
            new XElement(Ns + "Sources",
                Source("agree", Coding(a, "compensation", 1), Coding(b, "compensation", 2)),
                Source("disagree", Coding(a, "compensation", 3), Coding(b, "distributive", 4)))));
        Assert.Empty(QdpxProject.Validate(project));
        var path = Path.Combine(fx.Dir, "two-coders.qde");
        project.Save(path);
        var set = CodedLabels.Read([path], book, []);
        Assert.Equal(["type"], set.Codebook.Tasks.Select(t => t.Name));
        Assert.Equal(["compensation"], set.Rows.Single(r => r.Key == "agree").Codes["type"]);
        Assert.False(set.Rows.Single(r => r.Key == "disagree").Codes.ContainsKey("type"));
        Assert.Contains(set.Warnings, w => w.Contains("source 'disagree'", StringComparison.Ordinal) && w.Contains("乙: distributive; 甲: compensation", StringComparison.Ordinal));
        // Two people coded the task: their codes on each document give the coders' agreement columns.
        Assert.Equal(("乙", "甲"), set.CoderColumns["type"]);
        var (first, second) = set.Rows.Single(r => r.Key == "disagree").SecondCoder["type"];
        Assert.Equal(["distributive"], first);
        Assert.Equal(["compensation"], second);
    }

    [Fact]
    public void A_file_that_is_no_project_gets_an_error_saying_what_to_do()
    {
        var notZip = Path.Combine(fx.Dir, "broken.qdpx");
        File.WriteAllText(notZip, "not a zip");
        var ex = Assert.Throws<InvalidDataException>(() => QdpxLabels.Load(notZip));
        Assert.Contains("not a readable .qdpx zip", ex.Message, StringComparison.Ordinal);
        var onlyMachine = QdpxFixture.ReadProject(fx.Project);
        onlyMachine.Descendants(Ns + "Coding").Where(c => (string)c.Attribute("creatingUser")! != QdpxGuid.User("PolicyMiner")).Remove();
        var path = QdpxFixture.WithProject(fx.Project, onlyMachine, "machine-only.qdpx");
        var r = PolicyMiner.Tests.Cli.CliRunner.Run("", "train", "--docs", fx.Documents, "--labels", path, "--codebook", QdpxFixture.Codebook, "--model", Path.Combine(fx.Dir, "m-none"), "--no-cv");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("no coding by a person that maps to a label", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("codings by PolicyMiner (machine codes, never labels)", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_coded_table_with_a_coder_column_attributes_hand_codes_to_that_coder()
    {
        var coded = Path.Combine(fx.Dir, "by-coder.csv");
        File.WriteAllText(coded, "doc_id,fields,coder\nR0001,economic,李雷\nR0007,science_technology,韩梅梅\n");
        var path = Path.Combine(fx.Dir, "by-coder.qdpx");
        QdpxFixture.Ok("export", "--docs", fx.Documents, "--coded", coded, "--model", fx.Model, "-o", Path.Combine(fx.Dir, "export4"), "--formats", "csv", "--qdpx", path);
        var project = QdpxFixture.ReadProject(path);
        Assert.Equal(["PolicyMiner", "李雷", "韩梅梅"], project.Descendants(Ns + "User").Select(u => (string)u.Attribute("name")!));
        var set = CodedLabels.Read([path], Codebook.Load(QdpxFixture.Codebook), []);
        Assert.Equal(["李雷"], set.Rows.Single(r => r.Key == "R0001").ByCoder.Keys);
        Assert.Equal(["economic"], set.Rows.Single(r => r.Key == "R0001").Codes["fields"]);
    }

    [Fact]
    public void Run_with_qdpx_writes_the_project_beside_the_dataset()
    {
        var output = Path.Combine(fx.Dir, "run");
        var r = QdpxFixture.Ok("run", Path.Combine(QdpxFixture.Sample, "new"), "--model", fx.Model, "-o", output, "--qdpx");
        var path = Path.Combine(output, "project.qdpx");
        Assert.True(File.Exists(path), r.Stderr);
        var project = QdpxFixture.ReadProject(path);
        Assert.Empty(QdpxProject.Validate(project));
        Assert.Equal(12, project.Descendants(Ns + "TextSource").Count());
        Assert.NotEmpty(project.Descendants(Ns + "Coding"));
        Assert.All(project.Descendants(Ns + "Coding"), c => Assert.Equal(QdpxGuid.User("PolicyMiner"), (string)c.Attribute("creatingUser")!));
    }
}
