"""Reference for the `accuracy` benchmark: jieba + TF-IDF (sublinear TF) + LinearSVC, scikit-learn defaults
otherwise, on the folds PolicyMiner used. Input: a TSV of fold<TAB>labels(;-joined)<TAB>text. Prints macro-F1
(multi-label: per-label macro-F1 of one-vs-rest LinearSVC). Needs python3-sklearn and python3-jieba (Debian)."""
import sys
import warnings

import jieba
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import f1_score
from sklearn.multiclass import OneVsRestClassifier
from sklearn.preprocessing import MultiLabelBinarizer
from sklearn.svm import LinearSVC

warnings.filterwarnings("ignore")
jieba.setLogLevel(60)
path, kind = sys.argv[1], sys.argv[2]
folds, labels, texts = [], [], []
with open(path, encoding="utf-8") as f:
    for line in f:
        fold, label, text = line.rstrip("\n").split("\t", 2)
        folds.append(int(fold))
        labels.append(label.split(";"))
        texts.append(text)


def tokens(s):
    return [w for w in jieba.lcut(s) if w.strip()]


if kind == "multiclass":
    y = [l[0] for l in labels]
    pred = [None] * len(y)
else:
    mlb = MultiLabelBinarizer()
    y = mlb.fit_transform(labels)
    pred = y.copy()
for k in sorted(set(folds)):
    train = [i for i, f in enumerate(folds) if f != k]
    test = [i for i, f in enumerate(folds) if f == k]
    vec = TfidfVectorizer(tokenizer=tokens, lowercase=True, sublinear_tf=True)
    x_train = vec.fit_transform([texts[i] for i in train])
    x_test = vec.transform([texts[i] for i in test])
    clf = LinearSVC() if kind == "multiclass" else OneVsRestClassifier(LinearSVC())
    clf.fit(x_train, [y[i] for i in train] if kind == "multiclass" else y[train])
    p = clf.predict(x_test)
    for j, i in enumerate(test):
        pred[i] = p[j]
print("%.4f" % f1_score(y, pred, average="macro", zero_division=0))
