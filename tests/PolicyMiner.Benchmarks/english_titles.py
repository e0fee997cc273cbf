"""The Python reproduction behind the README's remark on the English bill titles (`english` benchmark verb).

Input: a TSV written by EnglishTitlesBenchmark.cs, one bill title per line: fold<TAB>topic<TAB>our feature
tokens (space-separated, as PolicyMiner's FeatureTokenizer emits them: lower-cased words, digits kept, stop words
dropped, each token repeated round(3(1 + ln tf)) times)<TAB>raw title. The folds are PolicyMiner's (development part,
5-fold stratified, same seed). Prints macro-F1 per variant:
- "ours reproduced": our tokens, TF-IDF as ML.NET's ProduceNgrams computes it (raw count × ln(N / df)), L2, then
  LinearSVC with balanced class weights (what our linear-svm solves; see SvmAgainstSklearnTests) — should give our
  linear-svm CV figure;
- scikit-learn's baseline tokenization (jieba, which keeps punctuation tokens) with the same learner, and with
  punctuation dropped;
- variants on our tokens: word 1-2-grams, character 2-5-grams, C from 0.3 to 2, logistic regression.
Needs python3-sklearn and python3-jieba (Debian).
"""
import sys
import warnings

import jieba
import numpy as np
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.preprocessing import normalize
from sklearn.svm import LinearSVC

warnings.filterwarnings("ignore")
jieba.setLogLevel(60)
folds, y, ours, raw = [], [], [], []
with open(sys.argv[1], encoding="utf-8") as f:
    for line in f:
        fold, label, tokens, text = line.rstrip("\n").split("\t", 3)
        folds.append(int(fold))
        y.append(label)
        ours.append(tokens.split())
        raw.append(text)
folds, y = np.array(folds), np.array(y)
jieba_tokens = [[w for w in jieba.lcut(t.lower()) if w.strip()] for t in raw]
jieba_words = [[w for w in ts if any(c.isalnum() for c in w)] for ts in jieba_tokens]


def mlnet_tfidf(train, test):
    """ML.NET ProduceNgrams(TfIdf) + NormalizeLpNorm: count × ln(N / df) over the training documents, L2."""
    vec = CountVectorizer(analyzer=lambda d: d)
    c_train = vec.fit_transform(train).astype(float)
    df = np.asarray((c_train > 0).sum(axis=0)).ravel()
    idf = np.log(c_train.shape[0] / df)
    return normalize(c_train.multiply(idf).tocsr()), normalize(vec.transform(test).astype(float).multiply(idf).tocsr())


def sklearn_tfidf(train, test, **kw):
    vec = TfidfVectorizer(sublinear_tf=True, **kw)
    return vec.fit_transform(train), vec.transform(test)


def cv(docs, featurize, make):
    pred = np.empty(len(y), dtype=object)
    for k in sorted(set(folds.tolist())):
        tr, te = np.where(folds != k)[0], np.where(folds == k)[0]
        x_tr, x_te = featurize([docs[i] for i in tr], [docs[i] for i in te])
        pred[te] = make().fit(x_tr, y[tr]).predict(x_te)
    return f1_score(list(y), list(pred), average="macro")


svc = lambda c=1.0: (lambda: LinearSVC(C=c, class_weight="balanced", random_state=0))
identity = dict(analyzer=lambda d: d)
rows = [
    ("ours reproduced: our tokens, ML.NET TF-IDF, LinearSVC balanced", ours, mlnet_tfidf, svc()),
    ("scikit-learn baseline: jieba tokens, sublinear TF-IDF, LinearSVC()", jieba_tokens, lambda a, b: sklearn_tfidf(a, b, **identity), lambda: LinearSVC(random_state=0)),
    ("jieba tokens (punctuation kept), sublinear TF-IDF, LinearSVC balanced", jieba_tokens, lambda a, b: sklearn_tfidf(a, b, **identity), svc()),
    ("jieba tokens, punctuation dropped, sublinear TF-IDF, LinearSVC balanced", jieba_words, lambda a, b: sklearn_tfidf(a, b, **identity), svc()),
    ("our tokens + word bigrams, sublinear TF-IDF, LinearSVC balanced", [" ".join(d) for d in ours], lambda a, b: sklearn_tfidf(a, b, ngram_range=(1, 2), token_pattern=r"\S+"), svc()),
    ("character 2-5-grams of the title, sublinear TF-IDF, LinearSVC balanced", [t.lower() for t in raw], lambda a, b: sklearn_tfidf(a, b, analyzer="char_wb", ngram_range=(2, 5)), svc()),
    ("our tokens, ML.NET TF-IDF, LinearSVC balanced C=0.3", ours, mlnet_tfidf, svc(0.3)),
    ("our tokens, ML.NET TF-IDF, LinearSVC balanced C=0.5", ours, mlnet_tfidf, svc(0.5)),
    ("our tokens, ML.NET TF-IDF, LinearSVC balanced C=2", ours, mlnet_tfidf, svc(2.0)),
    ("our tokens, ML.NET TF-IDF, logistic regression balanced C=10", ours, mlnet_tfidf, lambda: LogisticRegression(C=10, class_weight="balanced", max_iter=2000)),
]
for name, docs, featurize, make in rows:
    print("  %-75s %.3f" % (name, cv(docs, featurize, make)), flush=True)
