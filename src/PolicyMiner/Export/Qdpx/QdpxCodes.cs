using System.Text;
using PolicyMiner.Classification;

namespace PolicyMiner.Export.Qdpx;

/// <summary>
/// How codebook tasks and labels appear as codes in a QDA tool, and how a code made or renamed there is mapped back:
/// by PolicyMiner's stable GUID first, then by name — the label's code, Chinese or English name, or the
/// <c>中文 / English</c> form written on export — compared without case and spaces. A code under a task's group code
/// is looked up in that task only.
/// </summary>
public static class QdpxCodes
{
    /// <summary>The code name of a task (group code): <c>合作领域 / cooperation fields</c>, or its name.</summary>
    public static string Name(CodebookTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return Join(task.Zh, task.En) ?? task.Name;
    }

    /// <summary>The code name of a label: <c>经济 / economic</c>, or its code.</summary>
    public static string Name(CodebookLabel label)
    {
        ArgumentNullException.ThrowIfNull(label);
        return Join(label.Zh, label.En) ?? label.Code;
    }

    private static string? Join(string? zh, string? en) =>
        (zh, en) switch
        {
            ({ Length: > 0 }, { Length: > 0 }) when !string.Equals(zh, en, StringComparison.OrdinalIgnoreCase) => zh + " / " + en,
            ({ Length: > 0 }, _) => zh,
            (_, { Length: > 0 }) => en,
            _ => null,
        };

    /// <summary>Text for comparing names: no white space, lower case (invariant).</summary>
    public static string Normalize(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var sb = new StringBuilder(name.Length);
        foreach (var c in name.Normalize(NormalizationForm.FormKC))
        {
            if (!char.IsWhiteSpace(c))
            {
                sb.Append(char.ToLowerInvariant(c));
            }
        }
        return sb.ToString();
    }

    private static IEnumerable<string> Names(string code, string? zh, string? en, string written)
    {
        yield return code;
        if (zh is not null)
        {
            yield return zh;
        }
        if (en is not null)
        {
            yield return en;
        }
        yield return written;
    }

    /// <summary>Whether a name is one of the task's names (name, zh, en, or the exported form).</summary>
    public static bool IsTask(CodebookTask task, string name)
    {
        ArgumentNullException.ThrowIfNull(task);
        var n = Normalize(name);
        return Names(task.Name, task.Zh, task.En, Name(task)).Any(x => Normalize(x) == n);
    }

    /// <summary>The labels of <paramref name="tasks"/> a name stands for (several when two tasks share a label name).</summary>
    public static IReadOnlyList<(CodebookTask Task, CodebookLabel Label)> Find(IEnumerable<CodebookTask> tasks, string name)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        var n = Normalize(name);
        return tasks.SelectMany(t => t.Labels.Where(l => Names(l.Code, l.Zh, l.En, Name(l)).Any(x => Normalize(x) == n)).Select(l => (t, l))).ToList();
    }
}
