#!/usr/bin/env python3
"""Generates tests/fixtures/oracle_64_25_10.json: an independent Python/numpy oracle for the
C++ engine's data split, weight initialization, cost and gradient.

Nothing here calls the C++ code. It re-implements, from the written specification:
  * SplitMix64 (src/core/rng.hpp): next_u64, uniform01 = (x >> 11) * 2^-53,
    uniform(lo, hi) = lo + (hi - lo) * u, below(n) by rejection, Fisher-Yates from the back,
    permutation(n, seed);
  * the 60/20/20 split (seed 42): sizes llround(n*0.6), llround(n*0.2), the rest;
  * divide-by-16 input scaling;
  * the uniform initialization: layer by layer, each layer's W (column-major) then b, all uniform
    in +-sqrt(6)/sqrt(fan_in + fan_out), SplitMix64 seed 1;
  * Andrew Ng's regularized cost and backpropagation gradient (ex4) for a 64-25-10 network with
    sigmoid hidden units and sigmoid outputs, lambda = 1, on the training split, written the
    notebook's way (bias columns prepended to the activations, Theta matrices with a bias column),
    natural log, lambda/(2m) * sum of squared non-bias weights.
The result is written in the engine's flat layout: W1 column-major, b1, W2 column-major, b2.

Usage (numpy needed; Debian: apt-get install python3-numpy, then use /usr/bin/python3):
    python3 scripts/gen_oracle_fixture.py [--data assets/digits.csv.gz] [--out tests/fixtures/oracle_64_25_10.json]
Floats are written with repr() (shortest round-trip, at most 17 significant digits), so the
fixture holds the oracle's doubles exactly.
"""
import argparse
import gzip
import json
import math
import os
import sys

try:
    import numpy as np
except ImportError:  # pragma: no cover
    sys.exit("gen_oracle_fixture.py needs numpy (Debian: apt-get install python3-numpy; run /usr/bin/python3)")

MASK64 = (1 << 64) - 1


class SplitMix64:
    def __init__(self, seed):
        self.state = seed & MASK64

    def next_u64(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK64
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
        return z ^ (z >> 31)

    def uniform01(self):
        # (x >> 11) has 53 bits: exactly representable, and the scaling by 2^-53 is exact.
        return float(self.next_u64() >> 11) * (2.0 ** -53)

    def uniform(self, lo, hi):
        # Two IEEE double roundings, in this order: t = (hi - lo) * u, then lo + t.
        return lo + (hi - lo) * self.uniform01()

    def below(self, n):
        limit = MASK64 - (MASK64 % n)
        while True:
            r = self.next_u64()
            if r < limit:
                return r % n

    def shuffle(self, v):
        i = len(v)
        while i > 1:
            j = self.below(i)
            v[i - 1], v[j] = v[j], v[i - 1]
            i -= 1


def permutation(n, seed):
    p = list(range(n))
    SplitMix64(seed).shuffle(p)
    return p


def llround(x):
    """C's llround: nearest integer, halves away from zero (Python's round() is banker's)."""
    a = abs(x)
    f = math.floor(a)
    r = f + 1 if a - f >= 0.5 else f
    return int(r if x >= 0 else -r)


def make_split(n, train=0.6, validation=0.2, seed=42):
    p = permutation(n, seed)
    ntr = llround(n * train)
    nva = llround(n * validation)
    if ntr + nva > n:
        nva = n - ntr
    return p[:ntr], p[ntr:ntr + nva], p[ntr + nva:]


def load_digits(path):
    opener = gzip.open if path.endswith(".gz") else open
    X, y = [], []
    with opener(path, "rt") as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            v = [int(t) for t in line.split(",")]
            assert len(v) == 65, line
            X.append(v[:64])
            y.append(v[64])
    return np.array(X, dtype=np.float64), np.array(y, dtype=np.int64)  # X: (n x 64), one sample per row


def init_range(fan_in, fan_out):
    return math.sqrt(6.0) / math.sqrt(float(fan_in + fan_out))


def init_thetas(sizes, seed):
    """Ng-style Theta_l (n_l x (1 + n_{l-1})), bias in column 0, drawn in the engine's order:
    for each layer all of W (column-major) and then b."""
    rng = SplitMix64(seed)
    thetas, flat = [], []
    for l in range(1, len(sizes)):
        n_in, n_out = sizes[l - 1], sizes[l]
        eps = init_range(n_in, n_out)
        W = np.empty((n_out, n_in))
        for j in range(n_in):          # column-major: rows vary fastest
            for i in range(n_out):
                W[i, j] = rng.uniform(-eps, eps)
        b = np.array([rng.uniform(-eps, eps) for _ in range(n_out)])
        thetas.append(np.hstack([b[:, None], W]))
        flat.extend(W.flatten(order="F").tolist())
        flat.extend(b.tolist())
    return thetas, flat


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def nn_cost_function(thetas, X, y, num_labels, lam):
    """ex4's nnCostFunction for any number of layers with sigmoid units. X: (m x n) rows = samples."""
    m = X.shape[0]
    Y = np.zeros((m, num_labels))
    Y[np.arange(m), y] = 1.0
    # forward
    acts = [np.hstack([np.ones((m, 1)), X])]   # a1 with bias column
    zs = []
    for l, Th in enumerate(thetas):
        z = acts[-1] @ Th.T
        zs.append(z)
        a = sigmoid(z)
        if l < len(thetas) - 1:
            a = np.hstack([np.ones((m, 1)), a])
        acts.append(a)
    h = acts[-1]
    J = np.sum(-Y * np.log(h) - (1.0 - Y) * np.log(1.0 - h)) / m
    J += lam / (2.0 * m) * sum(np.sum(Th[:, 1:] ** 2) for Th in thetas)
    # backward
    grads = [None] * len(thetas)
    delta = h - Y                                # (m x K)
    for l in range(len(thetas) - 1, -1, -1):
        grads[l] = delta.T @ acts[l] / m         # (n_l x (1 + n_{l-1}))
        grads[l][:, 1:] += lam / m * thetas[l][:, 1:]
        if l > 0:
            g = sigmoid(zs[l - 1])
            delta = (delta @ thetas[l][:, 1:]) * g * (1.0 - g)   # sigmoid' at the pre-activation
    return J, grads


def flat_layout(mats):
    """Ng matrices [b | W] to the engine's flat vector: W1 col-major, b1, W2 col-major, b2."""
    out = []
    for M in mats:
        out.extend(M[:, 1:].flatten(order="F").tolist())
        out.extend(M[:, 0].tolist())
    return out


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=os.path.join(root, "assets", "digits.csv.gz"))
    ap.add_argument("--out", default=os.path.join(root, "tests", "fixtures", "oracle_64_25_10.json"))
    args = ap.parse_args()

    X, y = load_digits(args.data)
    n = X.shape[0]
    train, validation, test = make_split(n, 0.6, 0.2, 42)
    sizes = [64, 25, 10]
    thetas, init_flat = init_thetas(sizes, 1)
    assert len(init_flat) == 25 * 65 + 10 * 26 == 1885
    # The flat layout helper must reproduce the draw order exactly.
    assert flat_layout(thetas) == init_flat

    Xtr = X[train] / 16.0
    ytr = y[train]
    lam = 1.0
    J, grads = nn_cost_function(thetas, Xtr, ytr, 10, lam)
    grad_flat = flat_layout(grads)

    # Self-check of the oracle's own gradient: central differences on a few coordinates.
    def cost_at(flat):
        ths, off = [], 0
        for l in range(1, len(sizes)):
            n_in, n_out = sizes[l - 1], sizes[l]
            W = np.array(flat[off:off + n_in * n_out]).reshape((n_out, n_in), order="F")
            off += n_in * n_out
            b = np.array(flat[off:off + n_out])
            off += n_out
            ths.append(np.hstack([b[:, None], W]))
        return nn_cost_function(ths, Xtr, ytr, 10, lam)[0]

    for i in (0, 5, 100, 1599, 1600, 1624, 1625, 1800, 1875, 1884):
        h = 1e-5
        p = list(init_flat)
        p[i] += h
        fp = cost_at(p)
        p[i] -= 2 * h
        fm = cost_at(p)
        num = (fp - fm) / (2 * h)
        assert abs(num - grad_flat[i]) <= 1e-8 + 1e-6 * abs(grad_flat[i]), (i, num, grad_flat[i])

    fixture = {
        "description": "Independent numpy oracle (scripts/gen_oracle_fixture.py): UCI digits, 60/20/20 split "
                       "seed 42, inputs/16, 64-25-10 sigmoid/sigmoid-output network initialized uniformly "
                       "(SplitMix64 seed 1), Ng's cost and gradient with lambda=1 on the training split. "
                       "Parameters in the engine's flat layout: W1 column-major, b1, W2 column-major, b2.",
        "data": {"samples": n, "pixel_sum": int(X.sum()), "label_sum": int(y.sum())},
        "architecture": {"inputs": 64, "hidden": [25], "outputs": 10, "activation": "sigmoid",
                         "output": "sigmoid"},
        "split": {"seed": 42, "train_fraction": 0.6, "validation_fraction": 0.2,
                  "train": train, "validation": validation, "test": test},
        "permutation_head": permutation(10, 42),
        "rng_check": {"seed": 12345, "next_u64_first3": [str(v) for v in
                                                          (lambda r: [r.next_u64() for _ in range(3)])(SplitMix64(12345))]},
        "init_seed": 1,
        "param_count": len(init_flat),
        "initial_parameters": init_flat,
        "lambda": lam,
        "cost": float(J),
        "gradient": grad_flat,
    }
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w") as f:
        json.dump(fixture, f, indent=None, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {args.out}: n={n}, train={len(train)}, validation={len(validation)}, test={len(test)}, "
          f"cost={J!r}, max|grad|={max(abs(g) for g in grad_flat)!r}")


if __name__ == "__main__":
    main()
