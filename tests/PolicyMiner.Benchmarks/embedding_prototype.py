"""Prototype behind the README's choice of concatenation for the sentence-embedding block (US bill titles).

Reads the MiniLM vectors the benchmarks keep (run `dotnet run -c Release --project tests/PolicyMiner.Benchmarks -- embed`
first; file format: int32 count, int32 dimensions, then per vector the 32-byte SHA-256 of the encoder's input and
float32 values) and ../shared/corpora/us-congress-bills/labels.csv (all 3,114 titles; the encoder's input of a title
is its first 1,000 characters, trimmed). Prints 5-fold CV macro-F1 (scikit-learn folds, seeds 42 and 1) of: TF-IDF
words + LinearSVC (balanced), the vectors alone, both concatenated at several weights, a logistic regression stacked
on inner out-of-fold margins of both SVMs, and the sum of both SVMs' margins. Run from the repository root with
/usr/bin/python3 (python3-sklearn). The claim itself comes from the C# accuracy benchmark, not from this script.
"""
import os
import csv, hashlib, struct, sys, numpy as np, warnings
warnings.filterwarnings("ignore")
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.svm import LinearSVC
from sklearn.model_selection import StratifiedKFold
from sklearn.metrics import f1_score
from sklearn.linear_model import LogisticRegression
from scipy.sparse import hstack, csr_matrix
memo = {}
with open(os.environ.get("POLICYMINER_EMBEDDING_MEMO", "/tmp/policyminer-minilm-memo.bin"), "rb") as f:
    n, d = struct.unpack("<ii", f.read(8))
    for _ in range(n):
        k = f.read(32).hex(); memo[k] = np.frombuffer(f.read(4*d), dtype="<f4")
rows = list(csv.DictReader(open(os.path.join("..", "shared", "corpora", "us-congress-bills", "labels.csv"), encoding="utf-8")))
texts = [r["text"] for r in rows]; y = np.array([r["topic"] for r in rows])
E = np.array([memo[hashlib.sha256(t[:1000].strip().encode()).hexdigest()] for t in texts])
print("embeddings", E.shape)
def feats(tr, te):
    v = TfidfVectorizer(sublinear_tf=True, token_pattern=r"(?u)\b\w\w+\b")
    return v.fit_transform([texts[i] for i in tr]), v.transform([texts[i] for i in te])
svc = lambda C=1.0: LinearSVC(C=C, class_weight="balanced")
for seed in [42, 1]:
    skf = StratifiedKFold(5, shuffle=True, random_state=seed)
    res = {}
    pred = {}
    for tr, te in skf.split(texts, y):
        Xtr, Xte = feats(tr, te)
        def run(name, A, B, C=1.0):
            p = svc(C).fit(A, y[tr]).predict(B); pred.setdefault(name, np.empty(len(y), dtype=object))[te] = p
        run("tfidf", Xtr, Xte)
        run("emb only", E[tr], E[te])
        for w in [0.5, 1, 1.5, 2, 3]:
            run(f"concat w={w}", hstack([Xtr, csr_matrix(w*E[tr])]).tocsr(), hstack([Xte, csr_matrix(w*E[te])]).tocsr())
        # stacking: inner OOF margins of both models -> logistic/SVC on margins
        inner = StratifiedKFold(3, shuffle=True, random_state=seed)
        classes = np.unique(y[tr])
        Mtr = np.zeros((len(tr), 2*len(classes)))
        for itr, ite in inner.split(tr, y[tr]):
            a, b = feats(tr[itr], tr[ite])
            m1 = svc().fit(a, y[tr][itr]); m2 = svc().fit(E[tr][itr], y[tr][itr])
            # align classes
            d1 = np.full((len(ite), len(classes)), -2.0); d1[:, np.searchsorted(classes, m1.classes_)] = m1.decision_function(b)
            d2 = np.full((len(ite), len(classes)), -2.0); d2[:, np.searchsorted(classes, m2.classes_)] = m2.decision_function(E[tr][ite])
            Mtr[ite] = np.hstack([d1, d2])
        m1 = svc().fit(Xtr, y[tr]); m2 = svc().fit(E[tr], y[tr])
        Mte = np.hstack([m1.decision_function(Xte), m2.decision_function(E[te])])
        p = LogisticRegression(C=1.0, max_iter=2000, class_weight="balanced").fit(Mtr, y[tr]).predict(Mte); pred.setdefault("stack LR", np.empty(len(y), dtype=object))[te] = p
        # simple sum of margins with weight
        for a in [0.5, 1.0]:
            p = classes[np.argmax(m1.decision_function(Xte) + a*m2.decision_function(E[te]), axis=1)]; pred.setdefault(f"margin sum a={a}", np.empty(len(y), dtype=object))[te] = p
    for name, p in pred.items():
        print(seed, f"{name:20s} {f1_score(y, list(p), average='macro'):.3f}", flush=True)
