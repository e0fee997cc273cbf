#!/usr/bin/env python3
"""Builds NotoSansSC-report.otf.gz, the report charts' font (run from the repository root; needs Debian's
fonts-noto-cjk and python3-fonttools):

    python3 src/PolicyMiner/Export/Fonts/make_font.py

A subset of Noto Sans CJK SC (SIL OFL 1.1, see OFL.txt; /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc,
font 2) holding: printable ASCII and Latin-1, every character of GB 2312, and every character of the names the charts
draw — the GB/T 2260 gazetteer (Extraction/Metadata/Data/pca-code.json.gz), the central-organ table
(central-organs.tsv), the codebook (corpora/codebook.json) and the chart strings in Export/ and Networks/. Names of
bodies found in document text outside these (rare characters) would still draw as boxes in charts (never in tables).
"""
import glob, gzip, os, subprocess, sys, tempfile

src = "src/PolicyMiner"
chars = set(range(0x20, 0x7F)) | set(range(0xA0, 0x100))
for cp in range(0x2000, 0x10000):
    try:
        chr(cp).encode("gb2312")
        chars.add(cp)
    except UnicodeEncodeError:
        pass
texts = [open(p, encoding="utf-8").read() for p in [f"{src}/Extraction/Metadata/Data/central-organs.tsv", "corpora/codebook.json"]
         + glob.glob(f"{src}/Export/*.cs") + glob.glob(f"{src}/Networks/*.cs")]
texts.append(gzip.open(f"{src}/Extraction/Metadata/Data/pca-code.json.gz", "rt", encoding="utf-8").read())
for t in texts:
    chars.update(ord(c) for c in t)
chars = sorted(c for c in chars if c >= 0x20 and not 0xD800 <= c < 0xE000)
with tempfile.TemporaryDirectory() as tmp:
    lst, otf = os.path.join(tmp, "u.lst"), os.path.join(tmp, "f.otf")
    open(lst, "w").write("\n".join("U+%04X" % c for c in chars))
    subprocess.run([sys.executable, "-m", "fontTools.subset", "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
                    "--font-number=2", f"--unicodes-file={lst}", f"--output-file={otf}", "--layout-features=*"], check=True)
    with open(otf, "rb") as f, gzip.GzipFile(f"{src}/Export/Fonts/NotoSansSC-report.otf.gz", "wb", 9, mtime=0) as out:
        out.write(f.read())
print(f"{len(chars)} characters", file=sys.stderr)
