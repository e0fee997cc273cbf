"""Reference for the `accuracy` benchmark: jieba + TF-IDF (sublinear TF) + LinearSVC on the folds PolicyMiner used.

Input: a TSV written by AccuracyBenchmark.cs, one document per line:
    outer<TAB>inner<TAB>labels(;-joined)<TAB>text
`outer` is the document's test fold (-1 = always in training: the development part when the test is the
validation part). `inner` is a comma-separated list with one entry per test fold (in ascending order): the
document's inner fold inside that test fold's training part (-1 where the document is in the test fold). The inner
folds are PolicyMiner's own (stratified, same seed), so the tuned baseline tunes on exactly the data ours tunes on.

Prints two macro-F1 figures, "untuned tuned":
- untuned: scikit-learn defaults — multiclass LinearSVC(), multi-label OneVsRestClassifier(LinearSVC()) with its
  default decision threshold 0.
- tuned, as PolicyMiner tunes (TaskLearning.Fit): multiclass LinearSVC(class_weight='balanced') (ours weighs classes
  the same way); multi-label one LinearSVC per label whose decision threshold is tuned for F1 on out-of-fold margins
  of an inner 3-fold CV of the training part only, and — when every training document has a label — a document with
  no label above its threshold gets the label nearest its threshold (our rule).
Needs python3-sklearn and python3-jieba (Debian).
"""
import sys
import warnings

import jieba
import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import f1_score
from sklearn.multiclass import OneVsRestClassifier
from sklearn.preprocessing import MultiLabelBinarizer
from sklearn.svm import LinearSVC

warnings.filterwarnings("ignore")
jieba.setLogLevel(60)
path, kind = sys.argv[1], sys.argv[2]
outer, inner, labels, texts = [], [], [], []
with open(path, encoding="utf-8") as f:
    for line in f:
        o, i, label, text = line.rstrip("\n").split("\t", 3)
        outer.append(int(o))
        inner.append([int(x) for x in i.split(",")] if i else [])
        labels.append(label.split(";"))
        texts.append(text)
outer = np.array(outer)
test_folds = sorted(set(outer.tolist()) - {-1})


# jieba once per document (as TfidfVectorizer(tokenizer=jieba, lowercase=True) would, without re-cutting per fold).
tokens = [[w for w in jieba.lcut(t.lower()) if w.strip()] for t in texts]


def features(train, test):
    vec = TfidfVectorizer(analyzer=lambda d: d, sublinear_tf=True)
    return vec.fit_transform([tokens[i] for i in train]), vec.transform([tokens[i] for i in test])


def best_threshold(margins, truth):
    """Threshold on out-of-fold margins with the best F1 (midpoints between sorted margins); ties → nearest 0."""
    order = np.sort(np.unique(margins))
    candidates = np.concatenate(([order[0] - 1.0], (order[:-1] + order[1:]) / 2, [order[-1] + 1.0]))
    best, best_f1 = 0.0, -1.0
    for t in candidates:
        p = margins >= t
        tp = np.sum(p & truth)
        fp = np.sum(p & ~truth)
        fn = np.sum(~p & truth)
        f1 = 0.0 if tp == 0 else 2.0 * tp / (2.0 * tp + fp + fn)
        if f1 > best_f1 + 1e-12 or (abs(f1 - best_f1) <= 1e-12 and abs(t) < abs(best)):
            best, best_f1 = t, f1
    return best


def label_margins(x_train, y_train, x_test):
    """Margins of one LinearSVC per label (a label without positives in training: -inf, never predicted)."""
    m = np.full((x_test.shape[0], y_train.shape[1]), -np.inf)
    for k in range(y_train.shape[1]):
        if y_train[:, k].any():
            m[:, k] = LinearSVC(random_state=0).fit(x_train, y_train[:, k]).decision_function(x_test)
    return m


if kind == "multiclass":
    y = np.array([l[0] for l in labels])
    untuned = np.empty(len(y), dtype=object)
    tuned = np.empty(len(y), dtype=object)
else:
    y = MultiLabelBinarizer().fit_transform(labels).astype(bool)
    untuned = np.zeros_like(y)
    tuned = np.zeros_like(y)
scored = np.isin(outer, test_folds)
for n, k in enumerate(test_folds):
    train = np.where(outer != k)[0]
    test = np.where(outer == k)[0]
    x_train, x_test = features(train, test)
    if kind == "multiclass":
        untuned[test] = LinearSVC(random_state=0).fit(x_train, y[train]).predict(x_test)
        tuned[test] = LinearSVC(random_state=0, class_weight="balanced").fit(x_train, y[train]).predict(x_test)
        continue
    untuned[test] = OneVsRestClassifier(LinearSVC(random_state=0)).fit(x_train, y[train]).predict(x_test)
    # Inner CV on the training part only: out-of-fold margins per label, then a threshold per label.
    folds = np.array([inner[i][n] for i in train])
    oof = np.zeros((len(train), y.shape[1]))
    for f in sorted(set(folds.tolist())):
        tr, te = train[folds != f], train[folds == f]
        xi_train, xi_test = features(tr, te)
        oof[folds == f] = label_margins(xi_train, y[tr], xi_test)
    thresholds = np.array([best_threshold(np.maximum(oof[:, k], -1e9), y[train, k]) for k in range(y.shape[1])])
    margins = label_margins(x_train, y[train], x_test)
    pred = margins >= thresholds
    if y[train].any(axis=1).all():
        for j in np.where(~pred.any(axis=1))[0]:
            pred[j, np.argmax(margins[j] - thresholds)] = True
    tuned[test] = pred
if kind == "multiclass":
    print("%.4f %.4f" % (f1_score(list(y[scored]), list(untuned[scored]), average="macro", zero_division=0),
                         f1_score(list(y[scored]), list(tuned[scored]), average="macro", zero_division=0)))
else:
    print("%.4f %.4f" % (f1_score(y[scored], untuned[scored], average="macro", zero_division=0),
                         f1_score(y[scored], tuned[scored], average="macro", zero_division=0)))
