#!/usr/bin/python3
"""Writes tests/fixtures/knn_sklearn.json: scikit-learn's kNN cross-validation on the digits.

    /usr/bin/python3 scripts/gen_knn_fixture.py      # Debian's python3-sklearn (1.2)

What it computes, for k = 1..15:
    KNeighborsClassifier(n_neighbors=k)   (weights='uniform', Euclidean; brute force for 64 features)
    KFold(n_splits=4)                     (no shuffle: contiguous test blocks in file order)
on the raw 0..16 pixels of assets/digits.csv.gz, read directly (no dataset download).
It stores per-k mean accuracy, per-fold accuracies and correct counts, and every prediction,
so tests/unit/test_knn.cpp can compare counts exactly and inspect any differing prediction.

Threads are pinned to 1. scikit-learn's brute-force search keeps a max-heap of k candidates;
which of several training points tied at the k-th distance survive depends on how the work is
split over OpenMP threads, so the predictions at such ties depend on the core count. With one
thread the result is a fixed function of the data (and the fixture reproducible anywhere).
"""
import os

os.environ["OMP_NUM_THREADS"] = "1"  # before numpy/scipy/sklearn load their thread pools

import gzip
import json
import pathlib
import sys

import numpy as np
import scipy
import sklearn
from sklearn.model_selection import KFold, cross_val_score
from sklearn.neighbors import KNeighborsClassifier
from threadpoolctl import threadpool_limits

ROOT = pathlib.Path(__file__).resolve().parent.parent
DATA = ROOT / "assets" / "digits.csv.gz"
OUT = ROOT / "tests" / "fixtures" / "knn_sklearn.json"
K_MAX = 15
N_SPLITS = 4


def load_digits_csv(path):
    """(X, y): X is (n x 64) float64 with values 0..16, y is (n,) int; rows in file order."""
    with gzip.open(path, "rt") as f:
        rows = np.loadtxt(f, delimiter=",", dtype=np.int64)
    if rows.ndim != 2 or rows.shape[1] != 65:
        sys.exit(f"{path}: expected 65 columns, got shape {rows.shape}")
    return rows[:, :64].astype(np.float64), rows[:, 64]


def lower_index_predictions(X_train, y_train, X_test, k):
    """Reference rule of src/knn: k nearest by (squared distance, training index), vote ties -> smallest label."""
    D = (X_test**2).sum(1)[:, None] + (X_train**2).sum(1)[None, :] - 2.0 * X_test @ X_train.T
    order = np.argsort(D, axis=1, kind="stable")[:, :k]  # stable: equal distances keep index order
    counts = np.apply_along_axis(np.bincount, 1, y_train[order], minlength=10)
    return counts.argmax(axis=1)  # argmax returns the first maximum = smallest label


def main():
    X, y = load_digits_csv(DATA)
    folds = list(KFold(n_splits=N_SPLITS).split(X))
    ranges = []
    for _, test in folds:  # KFold without shuffle: contiguous, the first n % 4 folds one longer
        assert np.array_equal(test, np.arange(test[0], test[-1] + 1))
        ranges.append([int(test[0]), int(test[-1]) + 1])

    results = []
    rule_differences = 0
    with threadpool_limits(limits=1):
        for k in range(1, K_MAX + 1):
            fold_acc, fold_correct, fold_pred = [], [], []
            for train, test in folds:
                clf = KNeighborsClassifier(n_neighbors=k).fit(X[train], y[train])
                pred = clf.predict(X[test])
                fold_pred.append([int(v) for v in pred])
                fold_correct.append(int((pred == y[test]).sum()))
                fold_acc.append(float((pred == y[test]).mean()))
                rule_differences += int((lower_index_predictions(X[train], y[train], X[test], k) != pred).sum())
            mean = float(np.mean(fold_acc))
            check = cross_val_score(KNeighborsClassifier(n_neighbors=k), X, y, cv=KFold(n_splits=N_SPLITS))
            assert np.allclose(check, fold_acc, rtol=0, atol=0), (k, check, fold_acc)
            results.append({"k": k, "mean_accuracy": mean, "fold_accuracy": fold_acc,
                            "fold_correct": fold_correct, "predictions": fold_pred})
            print(f"k={k:2d}  mean accuracy {mean:.6f}  correct per fold {fold_correct}")

    def dump(v):
        return json.dumps(v, separators=(",", ":"))

    lines = [
        "{",
        f'  "generator": {dump("scripts/gen_knn_fixture.py")},',
        f'  "sklearn_version": {dump(sklearn.__version__)},',
        f'  "scipy_version": {dump(scipy.__version__)},',
        f'  "numpy_version": {dump(np.__version__)},',
        f'  "threads": 1,',
        f'  "data": "assets/digits.csv.gz (raw 0..16 pixels, file order)",',
        f'  "model": "KNeighborsClassifier(n_neighbors=k), all other parameters default",',
        f'  "cv": "KFold(n_splits={N_SPLITS}), no shuffle",',
        f'  "n_samples": {len(y)},',
        f'  "fold_test_ranges": {dump(ranges)},',
        '  "results": [',
    ]
    for i, r in enumerate(results):
        lines += [
            "    {",
            f'      "k": {r["k"]},',
            f'      "mean_accuracy": {dump(r["mean_accuracy"])},',
            f'      "fold_accuracy": {dump(r["fold_accuracy"])},',
            f'      "fold_correct": {dump(r["fold_correct"])},',
            '      "predictions": [',
            ",\n".join("        " + dump(p) for p in r["predictions"]),
            "      ]",
            "    }" + ("," if i + 1 < len(results) else ""),
        ]
    lines += ["  ]", "}"]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text("\n".join(lines) + "\n")
    json.loads(OUT.read_text())  # round-trip check
    print(f"sklearn {sklearn.__version__}: wrote {OUT.relative_to(ROOT)}")
    print(f"predictions differing from the (distance, index) rule of src/knn: {rule_differences}")


if __name__ == "__main__":
    main()
