using PolicyMiner.Extraction;
using PolicyMiner.Extraction.Pdf;
using static PolicyMiner.Tests.Extraction.PdfTestSupport;

namespace PolicyMiner.Tests.Extraction;

public class PdfRobustnessTests
{
    [Fact]
    public void Two_hundred_mutated_pdfs_each_give_text_or_a_read_error()
    {
        var source = File.ReadAllBytes(Fixture("regulation_libreoffice.pdf"));
        var dir = Directory.CreateTempSubdirectory("policyminer-mutants-");
        try
        {
            var random = new Random(20261123);
            var files = new List<string>();
            for (var i = 0; i < 200; i++)
            {
                var bytes = (byte[])source.Clone();
                if (i % 2 == 0)
                {
                    bytes = bytes[..random.Next(0, bytes.Length)]; // truncated anywhere, including 0 bytes
                }
                else
                {
                    var flips = random.Next(1, 64);
                    for (var f = 0; f < flips; f++)
                    {
                        bytes[random.Next(bytes.Length)] ^= (byte)random.Next(1, 256);
                    }
                }
                var path = Path.Combine(dir.FullName, $"mutant-{i:D3}.pdf");
                File.WriteAllBytes(path, bytes);
                files.Add(path);
            }

            var outcomes = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var path in files)
            {
                try
                {
                    var doc = PdfReader.Instance.Read(path, OcrOff);
                    outcomes[path] = doc.Text.Length > 0 ? "text" : "empty";
                }
                catch (DocumentReadException ex)
                {
                    Assert.Contains(Path.GetFileName(path), ex.Message, StringComparison.Ordinal);
                    outcomes[path] = "error";
                }
            }
            Assert.Equal(files.Count, outcomes.Count);
            // Both kinds of outcome must occur, or the mutations are not testing anything.
            Assert.Contains("text", outcomes.Values);
            Assert.Contains("error", outcomes.Values);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
