namespace PolicyMiner.Export;

/// <summary>
/// What report.html shows of the documents, counted in one pass over them in dataset order (issue 15, memory in corpus
/// size): counts, per-year and per-label counts, machine-vs-hand counts, the most uncertain documents to review (a
/// bounded top <see cref="ReportSections.MaxReviewRows"/>) and the first <see cref="ReportWriter.MaxProblemRows"/>
/// problem documents. Nothing in it grows with the number of documents beyond what the report prints.
/// </summary>
internal sealed class ReportTally
{
    /// <summary>One machine-vs-hand comparison of a task.</summary>
    internal sealed class Comparison
    {
        /// <summary>Documents with both codes.</summary>
        public int Pairs { get; set; }

        /// <summary>Documents whose two code sets are equal.</summary>
        public int Exact { get; set; }

        /// <summary>Codes in order of first appearance (machine codes, then hand codes, document by document).</summary>
        public List<string> Seen { get; } = [];

        /// <summary>Per code: documents with it in both, in the machine's, in the hand codes.</summary>
        public Dictionary<string, (int Both, int Machine, int Hand)> Counts { get; } = new(StringComparer.Ordinal);
    }

    /// <summary>A document of the "to review" table.</summary>
    internal sealed record ReviewRow(string DocId, string Shown, IReadOnlyDictionary<string, IReadOnlyList<string>> Predicted, double? Uncertainty);

    /// <summary>A row of the quality table.</summary>
    internal sealed record ProblemRow(string File, string? Error, bool NeedsOcr, double ReplacementRate, bool NeedsReview);

    public int Documents { get; private set; }

    public int WithSignatories { get; private set; }

    public int WithParties { get; private set; }

    public int JointlyIssued { get; private set; }

    public int Bilateral { get; private set; }

    public int Multilateral { get; private set; }

    public int Errors { get; private set; }

    public int NeedsOcr { get; private set; }

    public int NeedsReview { get; private set; }

    /// <summary>Quality categories: ok, needs OCR, unreadable &gt; 1 %, needs review, error.</summary>
    public int[] Quality { get; } = new int[5];

    /// <summary>Distinct years, ascending.</summary>
    public SortedSet<int> Years { get; } = [];

    /// <summary>Documents per (year, code) of the per-year field; code null = no label.</summary>
    public Dictionary<(int Year, string? Code), int> PerYear { get; } = [];

    /// <summary>Per task: documents per code.</summary>
    public Dictionary<string, Dictionary<string, int>> LabelCounts { get; } = new(StringComparer.Ordinal);

    /// <summary>Per task: documents with a label for it.</summary>
    public Dictionary<string, int> Labelled { get; } = new(StringComparer.Ordinal);

    /// <summary>Per task: codes seen, ordinal.</summary>
    public Dictionary<string, SortedSet<string>> CodesSeen { get; } = new(StringComparer.Ordinal);

    /// <summary>Per task (dataset order of tasks): machine vs hand.</summary>
    public Dictionary<string, Comparison> MachineVsHand { get; } = new(StringComparer.Ordinal);

    /// <summary>Documents flagged needs_review.</summary>
    public int Flagged { get; private set; }

    /// <summary>The most uncertain flagged documents, most uncertain first, then doc_id.</summary>
    public List<ReviewRow> ToReview { get; } = [];

    /// <summary>Documents with a problem.</summary>
    public int Problems { get; private set; }

    /// <summary>The first problem documents in dataset order.</summary>
    public List<ProblemRow> FirstProblems { get; } = [];

    /// <summary>Counts <paramref name="documents"/> (dataset order) for the report; <paramref name="field"/> is the per-year task.</summary>
    public static ReportTally Count(IEnumerable<AgreementRecord> documents, IReadOnlyList<ExportTask> tasks, string? field)
    {
        var t = new ReportTally();
        foreach (var task in tasks)
        {
            t.LabelCounts[task.Name] = new Dictionary<string, int>(StringComparer.Ordinal);
            t.CodesSeen[task.Name] = new SortedSet<string>(StringComparer.Ordinal);
            t.Labelled[task.Name] = 0;
            t.MachineVsHand[task.Name] = new Comparison();
        }
        if (field is not null && !t.CodesSeen.ContainsKey(field))
        {
            t.CodesSeen[field] = new SortedSet<string>(StringComparer.Ordinal);
        }
        // Review order: uncertainty descending, then doc_id; a max-heap on that order keeps the best MaxReviewRows.
        var review = new PriorityQueue<ReviewRow, ReviewRow>(Comparer<ReviewRow>.Create((a, b) => -ReviewOrder(a, b)));
        foreach (var d in documents)
        {
            t.Add(d, field, review);
        }
        var best = new List<ReviewRow>();
        while (review.TryDequeue(out var row, out _))
        {
            best.Add(row);
        }
        best.Sort(ReviewOrder);
        t.ToReview.AddRange(best);
        return t;
    }

    private static int ReviewOrder(ReviewRow a, ReviewRow b)
    {
        var c = (b.Uncertainty ?? 0).CompareTo(a.Uncertainty ?? 0);
        return c != 0 ? c : string.CompareOrdinal(a.DocId, b.DocId);
    }

    private void Add(AgreementRecord d, string? field, PriorityQueue<ReviewRow, ReviewRow> review)
    {
        Documents++;
        WithSignatories += d.Signatories.Count > 0 ? 1 : 0;
        var codes = d.Signatories.Select(s => s.Code).Distinct(StringComparer.Ordinal).Count();
        Bilateral += codes == 2 ? 1 : 0;
        Multilateral += codes > 2 ? 1 : 0;
        WithParties += d.Parties.Count > 0 ? 1 : 0;
        JointlyIssued += d.Parties.Count(p => p.Role == "issuer") > 1 ? 1 : 0;
        Errors += d.Error is not null ? 1 : 0;
        NeedsOcr += d.NeedsOcr ? 1 : 0;
        NeedsReview += d.NeedsReview ? 1 : 0;
        var unreadable = d.ReplacementRate > 0.01;
        Quality[0] += d.Error is null && !d.NeedsOcr && !d.NeedsReview && !unreadable ? 1 : 0;
        Quality[1] += d.NeedsOcr ? 1 : 0;
        Quality[2] += unreadable ? 1 : 0;
        Quality[3] += d.NeedsReview ? 1 : 0;
        Quality[4] += d.Error is not null ? 1 : 0;

        if (d.Year is { } year)
        {
            Years.Add(year);
            if (field is null)
            {
                PerYear[(year, null)] = PerYear.GetValueOrDefault((year, null)) + 1;
            }
            else if (d.Labels.TryGetValue(field, out var l) && l.Count > 0)
            {
                foreach (var code in l.Distinct(StringComparer.Ordinal))
                {
                    PerYear[(year, code)] = PerYear.GetValueOrDefault((year, code)) + 1;
                }
            }
            else
            {
                PerYear[(year, null)] = PerYear.GetValueOrDefault((year, null)) + 1;
            }
        }

        foreach (var (task, counts) in LabelCounts)
        {
            if (!d.Labels.TryGetValue(task, out var l))
            {
                continue;
            }
            Labelled[task]++;
            foreach (var code in l.Distinct(StringComparer.Ordinal))
            {
                counts[code] = counts.GetValueOrDefault(code) + 1;
            }
        }
        foreach (var (task, seen) in CodesSeen)
        {
            if (d.Labels.TryGetValue(task, out var l))
            {
                seen.UnionWith(l);
            }
        }

        foreach (var (task, cmp) in MachineVsHand)
        {
            if (!d.Predicted.TryGetValue(task, out var machine) || !d.Coded.TryGetValue(task, out var hand))
            {
                continue;
            }
            cmp.Pairs++;
            cmp.Exact += machine.Order(StringComparer.Ordinal).SequenceEqual(hand.Order(StringComparer.Ordinal), StringComparer.Ordinal) ? 1 : 0;
            foreach (var code in machine.Concat(hand))
            {
                if (!cmp.Counts.ContainsKey(code))
                {
                    cmp.Seen.Add(code);
                    cmp.Counts[code] = (0, 0, 0);
                }
            }
            foreach (var code in machine.Concat(hand).Distinct(StringComparer.Ordinal))
            {
                var m = machine.Contains(code);
                var h = hand.Contains(code);
                var c = cmp.Counts[code];
                cmp.Counts[code] = (c.Both + (m && h ? 1 : 0), c.Machine + (m ? 1 : 0), c.Hand + (h ? 1 : 0));
            }
        }

        if (d.NeedsReview)
        {
            Flagged++;
            var row = new ReviewRow(d.DocId, d.Title ?? d.File, d.Predicted, d.Uncertainty);
            if (review.Count < ReportSections.MaxReviewRows)
            {
                review.Enqueue(row, row);
            }
            else if (ReviewOrder(row, review.Peek()) < 0)
            {
                review.DequeueEnqueue(row, row);
            }
        }

        if (d.Error is not null || d.NeedsOcr || d.NeedsReview || unreadable)
        {
            Problems++;
            if (FirstProblems.Count < ReportWriter.MaxProblemRows)
            {
                FirstProblems.Add(new ProblemRow(d.File, d.Error, d.NeedsOcr, d.ReplacementRate, d.NeedsReview));
            }
        }
    }
}
