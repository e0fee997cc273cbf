using System.Diagnostics;
using PolicyMiner.Extraction;
using static PolicyMiner.Tests.Extraction.PdfTestSupport;

namespace PolicyMiner.Tests.Extraction;

public class DocumentTimeoutTests
{
    [Fact]
    public void A_worker_that_hangs_is_abandoned_after_the_limit_and_told_to_stop()
    {
        using var release = new ManualResetEventSlim();
        var sawCancel = new ManualResetEventSlim();
        var clock = Stopwatch.StartNew();
        Assert.Throws<TimeoutException>(() => DocumentWorker.Run<int>(token =>
        {
            token.Register(sawCancel.Set);
            release.Wait(TimeSpan.FromSeconds(30), CancellationToken.None); // a page that never finishes (ignores the token)
            return 1;
        }, TimeSpan.FromMilliseconds(200), CancellationToken.None));
        Assert.InRange(clock.Elapsed.TotalSeconds, 0.15, 10);
        Assert.True(sawCancel.Wait(TimeSpan.FromSeconds(5)));
        release.Set();
    }

    [Fact]
    public void A_worker_returns_its_result_and_rethrows_its_own_exception()
    {
        Assert.Equal(42, DocumentWorker.Run(_ => 42, TimeSpan.FromSeconds(30), CancellationToken.None));
        var ex = Assert.Throws<InvalidDataException>(() =>
            DocumentWorker.Run<int>(_ => throw new InvalidDataException("broken"), TimeSpan.FromSeconds(30), CancellationToken.None));
        Assert.Equal("broken", ex.Message);
        Assert.Equal(7, DocumentWorker.Run(_ => 7, TimeSpan.Zero, CancellationToken.None)); // no limit
    }

    [Fact]
    public void A_pdf_over_the_time_limit_becomes_an_error_row_and_the_batch_goes_on()
    {
        var dir = Directory.CreateTempSubdirectory("pm-timeout-");
        try
        {
            File.Copy(Fixture("law_macao_garrison_chromium.pdf"), Path.Combine(dir.FullName, "slow.pdf"));
            File.WriteAllText(Path.Combine(dir.FullName, "fine.txt"), "第一条 为了规范管理，制定本规定。", System.Text.Encoding.UTF8);
            var options = new ExtractOptions { Ocr = OcrMode.Off, DocumentTimeout = TimeSpan.FromTicks(1) };
            var result = new Extractor(options).ExtractBatch([dir.FullName], Path.Combine(dir.FullName, "out", "documents.jsonl"));
            var slow = Assert.Single(result.Documents, d => d.Path.EndsWith("slow.pdf", StringComparison.Ordinal));
            Assert.True(slow.IsError);
            Assert.Contains("slow.pdf: not finished within", slow.Error, StringComparison.Ordinal);
            Assert.Contains("DocumentTimeout", slow.Error, StringComparison.Ordinal);
            Assert.False(Assert.Single(result.Documents, d => d.Path.EndsWith("fine.txt", StringComparison.Ordinal)).IsError);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void The_default_limit_lets_ordinary_files_through()
    {
        Assert.Equal(TimeSpan.FromMinutes(5), new ExtractOptions().DocumentTimeout);
        var doc = new Extractor(OcrOff).ExtractFile(Fixture("law_macao_garrison_chromium.pdf"));
        Assert.Null(doc.Error);
    }
}
