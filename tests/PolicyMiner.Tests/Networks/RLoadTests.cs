using System.Diagnostics;
using PolicyMiner.Networks;
using PolicyMiner.Tests.Export;

namespace PolicyMiner.Tests.Networks;

/// <summary>Runs only where R and igraph are installed (.ci/apt-packages.txt lists r-base-core and r-cran-igraph).</summary>
public sealed class RFactAttribute : FactAttribute
{
    public const string Rscript = "/usr/bin/Rscript";

    public RFactAttribute()
    {
        if (!File.Exists(Rscript) || !Directory.Exists("/usr/lib/R/site-library/igraph"))
        {
            Skip = "R with igraph is not installed (apt-get install -y r-base-core r-cran-igraph; .ci/apt-packages.txt lists them).";
        }
    }
}

public class RLoadTests
{
    [RFact]
    public void The_documented_R_recipe_loads_the_party_network_files()
    {
        var dir = ExportFixture.TempDir();
        var net = SignatoryNetwork.Build(NetworkFileRulesTests.Documents(), EdgeWeighting.Count, NetworkLevel.Party, NetworkRelation.All);
        NetworkFiles.WriteAll(dir, net, byYear: true, byLabelTask: null);
        // The recipe of docs/export-formats.md, plus GraphML and Pajek.
        const string script = """
            library(igraph)
            n <- read.csv("nodes.csv", fileEncoding = "UTF-8-BOM")
            e <- read.csv("edges.csv", fileEncoding = "UTF-8-BOM")
            g <- graph_from_data_frame(e, directed = FALSE, vertices = n)
            y <- graph_from_data_frame(read.csv("edges_by_year.csv", fileEncoding = "UTF-8-BOM"), directed = FALSE, vertices = n)
            m <- read_graph("network.graphml", format = "graphml")
            p <- read_graph("network.net", format = "pajek")
            cat(vcount(g), ecount(g), ecount(y), vcount(m), ecount(m), vcount(p), ecount(p), "\n")
            """;
        File.WriteAllText(Path.Combine(dir, "load.R"), script);
        var psi = new ProcessStartInfo(RFactAttribute.Rscript, "load.R") { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        Assert.True(p.WaitForExit(60_000), "Rscript did not finish within 60 s");
        Assert.True(p.ExitCode == 0, "Rscript failed: " + stderr.Result);
        var v = net.Nodes.Count;
        var edges = net.Edges.Count;
        Assert.Equal($"{v} {edges} {net.EdgesByYear().Count} {v} {edges} {v} {edges}", stdout.Result.Trim());
    }
}
