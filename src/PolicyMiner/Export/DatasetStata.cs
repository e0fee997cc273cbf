using System.Globalization;
using System.Text;

namespace PolicyMiner.Export;

/// <summary>
/// Writes a Stata do-file (Stata 14+, UTF-8) that imports the exported CSV with fixed column types, applies
/// variable and value labels in two label languages, <c>en</c> and <c>zh</c> (Stata's <c>label language</c>), turns
/// the ISO <c>date</c> text into a Stata date (<c>%td</c>; the text stays as <c>date_text</c>, since some dates are only a
/// month or a year) and saves <c>dataset.dta</c> beside the CSV (Stata 14+ writes Unicode .dta, format 118).
/// Multi-class label columns also get a numeric copy (<c>&lt;name&gt;_n</c>) with the codebook names as value labels.
/// </summary>
public static class DatasetStata
{
    /// <summary>Longest variable label Stata keeps (characters).</summary>
    public const int MaxVariableLabel = 80;

    /// <summary>Writes the do-file to <paramref name="path"/>; <paramref name="csvFileName"/> is the CSV beside it.</summary>
    public static void Write(string path, ExportDataset dataset, string csvFileName)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        AtomicFile.Write(path, w => w.Write(Build(dataset, csvFileName)));
    }

    /// <summary>The do-file text.</summary>
    public static string Build(ExportDataset dataset, string csvFileName)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(csvFileName);
        var sb = new StringBuilder();
        void L(string line) => sb.Append(line).Append('\n');
        string Ints(ColumnKind kind, bool match) => string.Join(" ", dataset.Columns
            .Select((c, i) => (c, i)).Where(x => (x.c.Kind == kind) == match).Select(x => (x.i + 1).ToString(CultureInfo.InvariantCulture)));

        L("* PolicyMiner export: imports " + csvFileName + " and applies variable and value labels (English and Chinese).");
        L("* Stata 14 or newer. Run it from the folder that holds the CSV:  cd \"<that folder>\"  then  do " + Path.GetFileName(csvFileName).Replace(".csv", ".do", StringComparison.Ordinal));
        L("* Switch label language with:  label language zh   (or: label language en)");
        L("version 14");
        L("clear");
        var stringCols = Ints(ColumnKind.Text, true);
        var numericCols = Ints(ColumnKind.Text, false);
        L("import delimited using " + Quote(csvFileName) + ", encoding(\"utf-8\") varnames(1) delimiters(\",\") bindquote(strict) case(preserve)"
            + (stringCols.Length > 0 ? " stringcols(" + stringCols + ")" : "")
            + (numericCols.Length > 0 ? " numericcols(" + numericCols + ")" : "")
            + " clear");
        // Some Stata versions keep the UTF-8 byte order mark in the first name (then renamed v1).
        L("capture confirm variable " + dataset.Columns[0].Name);
        L("if _rc {");
        L("    quietly describe, varlist");
        L("    local first : word 1 of `r(varlist)'");
        L("    rename `first' " + dataset.Columns[0].Name);
        L("}");
        L("* Text cells starting with = + - @ were prefixed with ' in the CSV (spreadsheet formula safety); undo that here.");
        L("foreach v of varlist _all {");
        L("    capture confirm string variable `v'");
        L("    if !_rc quietly replace `v' = usubstr(`v', 2, .) if ustrregexm(`v', \"^'[=+@\\-]\")");
        L("}");
        L("");

        // Numeric copies of multi-class label columns, with codebook value labels.
        var names = new ColumnNames();
        foreach (var c in dataset.Columns)
        {
            names.Add(c.Name);
        }
        var encoded = new List<(string Source, string Target, string LabelSet, ExportTask Task)>();
        foreach (var task in dataset.Tasks.Where(t => !t.IsMultilabel && t.Labels.Count > 0))
        {
            foreach (var c in dataset.Columns.Where(c => c.Kind == ColumnKind.Text && IsTaskColumn(c.Name, task.Name)))
            {
                var target = names.Add(c.Name + "_n");
                var set = "pm" + (encoded.Count + 1).ToString(CultureInfo.InvariantCulture);
                encoded.Add((c.Name, target, set, task));
                L("generate int " + target + " = .");
                for (var i = 0; i < task.Labels.Count; i++)
                {
                    L("replace " + target + " = " + (i + 1).ToString(CultureInfo.InvariantCulture) + " if " + c.Name + " == " + Quote(task.Labels[i].Code));
                }
            }
        }
        L("");

        // date: ISO text (yyyy-mm-dd, or yyyy-mm / yyyy when only those are known) → a Stata date; the text stays.
        var date = dataset.Columns.FirstOrDefault(c => c.Name == "date" && c.Kind == ColumnKind.Text);
        var dateText = date is null ? null : names.Add("date_text");
        if (date is not null)
        {
            L("* date: a Stata date (%td) from the ISO text, which is kept as " + dateText + " (missing date = only month or year known).");
            L("rename date " + dateText);
            L("generate long date = date(" + dateText + ", \"YMD\")");
            L("format date %td");
            L("order date, before(" + dateText + ")");
            L("");
        }

        foreach (var lang in new[] { "en", "zh" })
        {
            L(lang == "en" ? "label language en, rename" : "label language zh, new");
            foreach (var set in dataset.ValueLabelSets)
            {
                L("label define " + set.Name + "_" + lang + " "
                    + string.Join(" ", set.Labels.Select(l => l.Value.ToString(CultureInfo.InvariantCulture) + " " + Quote(lang == "en" ? l.En : l.Zh)))
                    + ", replace");
            }
            foreach (var (_, _, set, task) in encoded)
            {
                L("label define " + set + "_" + lang + " "
                    + string.Join(" ", task.Labels.Select((l, i) => (i + 1).ToString(CultureInfo.InvariantCulture) + " "
                        + Quote((lang == "en" ? l.En : l.Zh) is { Length: > 0 } n ? n + " (" + l.Code + ")" : l.Code)))
                    + ", replace");
            }
            foreach (var c in dataset.Columns)
            {
                L("label variable " + c.Name + " " + Quote(Truncate(lang == "en" ? c.LabelEn : c.LabelZh)));
                if (c.ValueLabels is not null)
                {
                    L("label values " + c.Name + " " + c.ValueLabels + "_" + lang);
                }
            }
            if (date is not null)
            {
                L("label variable " + dateText + " " + Quote(Truncate(lang == "en" ? date.LabelEn + ", as text" : date.LabelZh + "(文本)")));
            }
            foreach (var (source, target, set, _) in encoded)
            {
                var col = dataset.Columns.First(c => c.Name == source);
                L("label variable " + target + " " + Quote(Truncate((lang == "en" ? col.LabelEn : col.LabelZh) + (lang == "en" ? " (numeric)" : " (数值)"))));
                L("label values " + target + " " + set + "_" + lang);
            }
            L("");
        }
        L("label language en");
        L("compress");
        var dta = Path.ChangeExtension(Path.GetFileName(csvFileName), ".dta");
        L("save " + Quote(dta) + ", replace");
        return sb.ToString();
    }

    private static bool IsTaskColumn(string column, string task)
    {
        var t = ColumnNames.Sanitize(task);
        return column == "pred_" + t || column == "coded_" + t;
    }

    /// <summary>A Stata string literal: double quotes turned into typographic ones (labels are prose), macro characters
    /// (<c>$</c>, <c>`</c>) escaped with a backslash, line breaks turned into spaces.</summary>
    public static string Quote(string? text)
    {
        var s = (text ?? "")
            .Replace("\r\n", " ", StringComparison.Ordinal)
            .Replace('\n', ' ')
            .Replace('\r', ' ')
            .Replace("\"", "\u201D", StringComparison.Ordinal)
            .Replace("$", "\\$", StringComparison.Ordinal)
            .Replace("`", "\\`", StringComparison.Ordinal);
        return "\"" + s + "\"";
    }

    private static string Truncate(string label)
    {
        var info = new StringInfo(label);
        return info.LengthInTextElements <= MaxVariableLabel ? label : info.SubstringByTextElements(0, MaxVariableLabel - 1) + "…";
    }
}
