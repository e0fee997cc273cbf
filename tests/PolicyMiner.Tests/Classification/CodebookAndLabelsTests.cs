using PolicyMiner.Classification;

namespace PolicyMiner.Tests.Classification;

public class CodebookAndLabelsTests
{
    private static string DefaultCodebook => Path.Combine(SharedData.RepoRoot, "corpora", "codebook.json");

    private static string Temp(string name, string content)
    {
        var dir = Path.Combine(Path.GetTempPath(), "pm-ml-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public void Default_codebook_loads_with_type_and_fields()
    {
        var book = Codebook.Load(DefaultCodebook);
        Assert.Equal(TaskKind.Multiclass, book.Find("type")!.TaskKind);
        Assert.Equal(4, book.Find("type")!.Labels.Count);
        Assert.Equal(TaskKind.Multilabel, book.Find("fields")!.TaskKind);
        Assert.Equal(9, book.Find("fields")!.Labels.Count);
        Assert.All(book.Tasks.SelectMany(t => t.Labels), l => Assert.NotEmpty(l.SeedWords));
    }

    [Fact]
    public void Codebook_with_unknown_kind_and_duplicate_label_lists_every_problem()
    {
        var path = Temp("cb.json", """
            { "tasks": [ { "name": "type", "kind": "multi", "labels": [ {"code": "a"}, {"code": "a"} ] } ] }
            """);
        var ex = Assert.Throws<CodebookException>(() => Codebook.Load(path));
        Assert.Contains("unknown kind 'multi'; known: multiclass, multilabel", ex.Message, StringComparison.Ordinal);
        Assert.Contains("label 'a' is defined twice", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Codebook_that_is_not_json_names_the_file()
    {
        var path = Temp("cb.json", "{ tasks: ");
        var ex = Assert.Throws<CodebookException>(() => Codebook.Load(path));
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_label_in_coded_csv_names_row_value_and_known_labels()
    {
        var csv = Temp("coded.csv", "doc_id,fields\nR1,economic\nR2,econ;transport\n");
        var ex = Assert.Throws<InvalidDataException>(() => CodedLabels.Read([csv], Codebook.Load(DefaultCodebook), []));
        Assert.Contains("row 3", ex.Message, StringComparison.Ordinal);
        Assert.Contains("unknown label 'econ'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("known: economic, ecological, transport", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Several_labels_in_a_multiclass_cell_is_an_error()
    {
        var csv = Temp("coded.csv", "doc_id,type\nD1,complementary;compensation\n");
        var ex = Assert.Throws<InvalidDataException>(() => CodedLabels.Read([csv], Codebook.Load(DefaultCodebook), []));
        Assert.Contains("multiclass", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Coded_csv_without_key_column_lists_its_columns()
    {
        var csv = Temp("coded.csv", "id,type\nD1,complementary\n");
        var ex = Assert.Throws<InvalidDataException>(() => CodedLabels.Read([csv], null, [TaskSpec.Parse("type")]));
        Assert.Contains("no doc_id, file, path or sha256 column; columns are: id, type", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Labels_come_from_the_csv_values_without_a_codebook_and_chinese_names_resolve_with_one()
    {
        var csv = Temp("coded.csv", "doc_id,topic\nA,x\nB,y\nC,x\n");
        var set = CodedLabels.Read([csv], null, [TaskSpec.Parse("topic")]);
        Assert.Equal(["x", "y"], set.Codebook.Tasks[0].Codes);
        var zh = Temp("coded.csv", "doc_id,fields\nA,经济；交通\n");
        var coded = CodedLabels.Read([zh], Codebook.Load(DefaultCodebook), []);
        Assert.Equal(["economic", "transport"], coded.Rows[0].Codes["fields"]);
    }

    [Fact]
    public void Class_with_too_few_examples_is_a_warning_not_an_error()
    {
        var dir = Path.GetDirectoryName(Temp("a.txt", "贸易投资合作"))!;
        File.WriteAllText(Path.Combine(dir, "b.txt"), "生态环境保护");
        var csv = Temp("coded.csv", "doc_id,topic\na,econ\nb,eco\n");
        var set = TrainingSet.Join(InputDocuments.Read(dir), CodedLabels.Read([csv], null, [TaskSpec.Parse("topic")]));
        Assert.Contains(set.Warnings, w => w.Contains("too few coded examples", StringComparison.Ordinal));
    }

    [Fact]
    public void Csv_cells_are_quoted_and_formulas_defused()
    {
        Assert.Equal("'=SUM(A1)", Csv.Escape("=SUM(A1)"));
        Assert.Equal("\"'@x,y\"", Csv.Escape("@x,y"));
        Assert.Equal("-0.5", Csv.Escape("-0.5"));
        Assert.Equal("\"a\"\"b\"", Csv.Escape("a\"b"));
    }
}
