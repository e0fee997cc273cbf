#!/usr/bin/env python3
"""Builds the export golden cases (issue 15, export memory flat in corpus size) and their expected hashes.

Inputs (committed here): documents.jsonl without text and labeled.csv from `policyminer run` of the README demo corpus
(corpora/sample/regulations/new + corpora/sample/joint-policies) and of the first 300 State Council regulations of
../shared/corpora/regulations/docs (sorted by name), with the shipped model's card; the `shuffled` case is the demo with
documents and labeled rows in another order, some labeled rows keyed by path and one row keyed by nothing known; the
`coded` case is the export fixture of ../ (constructed from real regulations) with its hand codes.

Usage: make_golden.py prepare DEMO_RUN REGS_RUN   (copies the inputs from two run folders)
       make_golden.py expect CLI                  (runs CLI export on every case, writes expected.txt)
expected.txt lists file → SHA-256 of every output; an .xlsx is listed part by part (the zip container may differ);
report.html without its provenance table (build id, command line) and with each chart's base64 replaced by its length
(PNG bytes can differ between machines' Skia builds; the counts behind them are printed in the tables and files).
"""
import hashlib, json, os, random, re, shutil, subprocess, sys, zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
CASES = {
    "demo": (["--weighting", "count"], "demo", True),
    "shuffled": (["--weighting", "fractional"], "shuffled", True),
    "regs300": (["--weighting", "count"], "regs300", True),
    "coded": (["--weighting", "fractional", "--relation", "co-signing", "--coded", "coded.csv"], "coded", False),
}


def strip(src, dst):
    with open(src, encoding="utf-8") as f, open(dst, "w", encoding="utf-8", newline="\n") as out:
        for line in f:
            if line.strip():
                r = json.loads(line)
                r["text"] = ""
                out.write(json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n")


def prepare(demo, regs):
    for name, run in (("demo", demo), ("regs300", regs)):
        d = os.path.join(HERE, name)
        os.makedirs(d, exist_ok=True)
        strip(os.path.join(run, "documents.jsonl"), os.path.join(d, "documents.jsonl"))
        shutil.copy(os.path.join(run, "labeled.csv"), os.path.join(d, "labeled.csv"))
    shutil.copy(os.path.join(HERE, "..", "..", "..", "..", "..", "models", "fields-regulations", "model-card.json"), os.path.join(HERE, "fields-model-card.json"))
    d = os.path.join(HERE, "shuffled")
    os.makedirs(d, exist_ok=True)
    rng = random.Random(15)
    lines = [l for l in open(os.path.join(HERE, "demo", "documents.jsonl"), encoding="utf-8")]
    rng.shuffle(lines)
    open(os.path.join(d, "documents.jsonl"), "w", encoding="utf-8", newline="\n").writelines(lines)
    raw = open(os.path.join(HERE, "demo", "labeled.csv"), encoding="utf-8-sig", newline="").read()
    rows = raw.split("\r\n") if "\r\n" in raw else raw.split("\n")
    header, body = rows[0], [r for r in rows[1:] if r]
    rng.shuffle(body)
    paths = {json.loads(l)["doc_id"]: json.loads(l)["path"] for l in lines}
    for i in range(0, len(body), 4):  # every fourth row keyed by its path (DocumentMatcher's path rule)
        key, rest = body[i].split(",", 1)
        body[i] = paths[key] + "," + rest
    body.append("no-such-document," + body[1].split(",", 1)[1])
    open(os.path.join(d, "labeled.csv"), "w", encoding="utf-8-sig", newline="").write("\r\n".join([header] + body) + "\r\n")
    d = os.path.join(HERE, "coded")
    os.makedirs(d, exist_ok=True)
    for f in ("documents.jsonl", "labeled.csv", "coded.csv", "model-card.json"):
        shutil.copy(os.path.join(HERE, "..", f), os.path.join(d, f))


def digest(out):
    lines = []
    for root, _, files in os.walk(out):
        for f in sorted(files):
            p = os.path.join(root, f)
            rel = os.path.relpath(p, out).replace(os.sep, "/")
            if f.endswith(".xlsx"):
                with zipfile.ZipFile(p) as z:
                    for part in sorted(z.namelist()):
                        lines.append(f"{rel}!{part} {hashlib.sha256(z.read(part)).hexdigest()}")
            elif f == "report.html":
                lines.append(f"{rel} {hashlib.sha256(mask_report(open(p, encoding='utf-8', newline='').read()).encode()).hexdigest()}")
            else:
                lines.append(f"{rel} {hashlib.sha256(open(p, 'rb').read()).hexdigest()}")
    return sorted(lines)


def mask_report(text):
    text = re.sub(r"<h2>来源 Provenance</h2>\n<table>\n.*?</table>\n", "", text, flags=re.S)
    return re.sub(r"base64,([A-Za-z0-9+/=]+)", lambda m: f"base64,<{len(m.group(1))}>", text)


def expect(cli):
    result = []
    for case, (extra, folder, labeled) in CASES.items():
        d = os.path.join(HERE, folder)
        out = os.path.join("/tmp", "pm-golden-" + case)
        shutil.rmtree(out, ignore_errors=True)
        args = [cli, "export", "--docs", os.path.join(d, "documents.jsonl"), "--labels", os.path.join(d, "labeled.csv"),
                "--model", os.path.join(d, "model-card.json") if case == "coded" else os.path.join(HERE, "fields-model-card.json"), "-o", out, "--network", "--by-year", "--by-field", "fields", "--report"]
        args += [os.path.join(d, a) if a.endswith(".csv") else a for a in extra]
        subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        result += [f"{case}/{l}" for l in digest(out)]
    open(os.path.join(HERE, "expected.txt"), "w", encoding="utf-8", newline="\n").write("\n".join(result) + "\n")


if __name__ == "__main__":
    if sys.argv[1] == "prepare":
        prepare(sys.argv[2], sys.argv[3])
    elif sys.argv[1] == "expect":
        expect(sys.argv[2])
    else:
        print(__doc__)
