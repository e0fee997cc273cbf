"""Reference for SvmAgainstSklearnTests: scikit-learn's LinearSVC (LIBLINEAR) on PolicyMiner's own feature matrix.

Input: an svmlight file (class number, then index:value with 1-based indices) and the feature count. Fits
LinearSVC(C=1, loss='squared_hinge', dual=True, class_weight='balanced') one-vs-rest — the problem PolicyMiner's
DualCoordinateDescent.TrainOneVsRest solves — and prints per class one line: intercept, then the dense weights.
Needs python3-sklearn (Debian).
"""
import sys

import numpy as np
from sklearn.datasets import load_svmlight_file
from sklearn.svm import LinearSVC

x, y = load_svmlight_file(sys.argv[1], n_features=int(sys.argv[2]), zero_based=False)
# Tighter than the default tol so the reference sits at the optimum; ours stops at tol 1e-4.
clf = LinearSVC(C=1.0, loss="squared_hinge", dual=True, class_weight="balanced", tol=1e-6, max_iter=100000, random_state=0)
clf.fit(x, y.astype(int))
for k in range(clf.coef_.shape[0]):
    print(" ".join(["%.9g" % clf.intercept_[k]] + ["%.9g" % v for v in clf.coef_[k]]))
