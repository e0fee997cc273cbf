using PolicyMiner.Benchmarks;

// Sub-commands: one per stage benchmark. Usage: dotnet run -c Release --project tests/PolicyMiner.Benchmarks -- extract [pdfs|folders…]
var command = args.Length > 0 ? args[0] : "";
return command switch
{
    "extract" => ExtractBenchmark.Run(args[1..]),
    "pdftext" => ExtractBenchmark.PrintText(args[1..]),
    "pdflines" => ExtractBenchmark.PrintLines(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: PolicyMiner.Benchmarks extract [pdf files or folders…]   PDF pages/s vs pdftotext");
    Console.Error.WriteLine("       PolicyMiner.Benchmarks pdftext FILE.pdf [--ocr auto|off|force]   print what PdfReader extracts");
    return 2;
}
