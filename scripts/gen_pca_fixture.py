#!/usr/bin/python3
"""Writes tests/fixtures/pca_sklearn.json: scikit-learn's PCA of the digits.

    /usr/bin/python3 scripts/gen_pca_fixture.py      # Debian's python3-sklearn (1.2)

PCA(n_components=2) (full SVD; explained_variance_ = s^2 / (n - 1)) fitted on all 1,797 images
of assets/digits.csv.gz scaled /16 (as src/app/decision_map.cpp does). Stores the mean, the two
components, explained_variance_ and explained_variance_ratio_, and the 2-D coordinates of the
first 20 images, for tests/unit/test_pca.cpp (which compares components up to sign).
"""
import gzip
import json
import pathlib
import sys

import numpy as np
import sklearn
from sklearn.decomposition import PCA

ROOT = pathlib.Path(__file__).resolve().parent.parent
DATA = ROOT / "assets" / "digits.csv.gz"
OUT = ROOT / "tests" / "fixtures" / "pca_sklearn.json"


def main():
    with gzip.open(DATA, "rt") as f:
        rows = np.loadtxt(f, delimiter=",", dtype=np.int64)
    if rows.ndim != 2 or rows.shape[1] != 65:
        sys.exit(f"{DATA}: expected 65 columns, got shape {rows.shape}")
    X = rows[:, :64].astype(np.float64) / 16.0
    pca = PCA(n_components=2, svd_solver="full").fit(X)
    out = {
        "generator": "scripts/gen_pca_fixture.py",
        "sklearn_version": sklearn.__version__,
        "numpy_version": np.__version__,
        "data": "assets/digits.csv.gz, all samples, pixels / 16",
        "model": "PCA(n_components=2, svd_solver='full')",
        "n_samples": int(X.shape[0]),
        "mean": [float(v) for v in pca.mean_],
        "explained_variance": [float(v) for v in pca.explained_variance_],
        "explained_variance_ratio": [float(v) for v in pca.explained_variance_ratio_],
        "components": [[float(v) for v in c] for c in pca.components_],
        "first_20_projected": [[float(v) for v in r] for r in pca.transform(X[:20])],
    }
    OUT.write_text(json.dumps(out, indent=1) + "\n")
    print(f"wrote {OUT}: ratio {out['explained_variance_ratio']}")


if __name__ == "__main__":
    main()
