#include "app/notebook_export.hpp"

#include <cstdio>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/app_state.hpp"
#include "data/dataset.hpp"

namespace bpl {

namespace {

using nlohmann::json;

// ------------------------------------------------------------------ numbers as Python text

// A double that reads back as the same double (17 significant digits).
std::string py_double(double v) {
  if (!std::isfinite(v)) return "float('nan')";
  char b[40];
  std::snprintf(b, sizeof b, "%.17g", v);
  return b;
}

// A float32 in 9 significant digits: read as float32 it gives back the same bits.
std::string py_float32(float v) {
  char b[32];
  std::snprintf(b, sizeof b, "%.9g", static_cast<double>(v));
  return b;
}

// A pixel value 0..16 as one character, base 17: 0-9 then a-g (Python: int(c, 17)).
char pixel_char(double v) {
  const int p = static_cast<int>(std::lround(v));
  return "0123456789abcdefg"[std::clamp(p, 0, kMaxPixel)];
}

std::string int_list(const std::vector<int>& v, std::size_t per_line = 24) {
  std::string s = "[";
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (i) s += (i % per_line == 0) ? ",\n    " : ", ";
    s += std::to_string(v[i]);
  }
  return s + "]";
}

std::string double_list(const VecD& v, std::size_t per_line = 4) {
  std::string s = "[";
  for (Index i = 0; i < v.size(); ++i) {
    if (i) s += (i % Index(per_line) == 0) ? ",\n    " : ", ";
    s += py_double(v[i]);
  }
  return s + "]";
}

// Replaces every "{{key}}" of the template.
std::string fill(std::string text, const std::vector<std::pair<std::string, std::string>>& values) {
  for (const auto& [key, value] : values) {
    const std::string mark = "{{" + key + "}}";
    for (std::size_t at = text.find(mark); at != std::string::npos; at = text.find(mark, at + value.size()))
      text.replace(at, mark.size(), value);
  }
  return text;
}

// ------------------------------------------------------------------ cells

json source_lines(const std::string& text) {
  json lines = json::array();
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t nl = text.find('\n', start);
    const std::size_t end = nl == std::string::npos ? text.size() : nl + 1;
    lines.push_back(text.substr(start, end - start));
    start = end;
  }
  return lines;
}

json markdown(int id, const std::string& text) {
  return json{{"cell_type", "markdown"}, {"id", "md-" + std::to_string(id)}, {"metadata", json::object()},
              {"source", source_lines(text)}};
}

// hidden: the input is folded away in Jupyter (the embedded data is long).
json code(int id, const std::string& text, bool hidden = false) {
  json meta = json::object();
  if (hidden) meta["jupyter"] = json{{"source_hidden", true}};
  return json{{"cell_type", "code"},   {"id", "code-" + std::to_string(id)}, {"metadata", meta},
              {"execution_count", nullptr}, {"outputs", json::array()},         {"source", source_lines(text)}};
}

// ------------------------------------------------------------------ the notebook's text

constexpr const char* kIntro = R"MD(# {{arch}}: the network from Backprop Lab, in NumPy

This notebook rebuilds the network you trained in Backprop Lab in plain NumPy: the same digits and the same
split, the same input scaling, the **trained weights** exported from the page, the forward pass, the cost,
backpropagation, a gradient check, the test accuracy, and the Backprop stepper's example traced step by step.
Run it top to bottom (Python 3 and NumPy; matplotlib only for the pictures, which are skipped without it).
The last cell prints one `RESULT` line; its numbers equal the page's test accuracy and
`lab.backprop.trace()` (the loss and the size of each layer's gradient).

At export the page said: {{page_summary}}

It follows the original Andrew-Ng-style notebook this app grew out of, with that notebook's five mistakes
fixed. Each fix is commented where it happens (look for **The original notebook**):

1. **log10 in the cost.** The cross-entropy uses the natural logarithm: backprop's `a - y` is the derivative
   of the *ln* cost; with `log10` every gradient is off by the factor ln 10.
2. **g'(a) instead of g'(z).** The error going back is multiplied by the derivative at the
   *pre-activation* `z` (for the sigmoid `g'(z) = a (1 - a)`), not by `g'(a) = sigmoid(a) (1 - sigmoid(a))`.
3. **The regularized column.** The bias is not regularized. The original kept `Theta = [b | W]` and zeroed
   column 1 (the first weight column) instead of column 0 (the bias) before adding `(lambda/m) Theta`.
   Here `W` and `b` are separate, so the bias never gets a lambda term.
4. **Every layer sliced from offset 0.** All parameters live in one flat vector; each layer is read from
   *its own* offset. The original sliced `theta[0 : n_l (n_(l-1) + 1)]` for every layer, so layer 2
   read layer 1's numbers.
5. **The init range.** Weights start uniform in `+-sqrt(6)/sqrt(n_in + n_out)`, not `+-log(6)/log(n_in + n_out)`.
   (A gradient check cannot catch this one: it checks the gradient, not the starting point.)
)MD";

constexpr const char* kSetup = R"PY(import json
import numpy as np

try:   # optional: only the pictures need matplotlib
    import matplotlib.pyplot as plt
except ImportError:
    plt = None
    print("matplotlib is not installed: the pictures are skipped, everything else runs")
)PY";

constexpr const char* kDataIntro = R"MD(## The digits and the page's split

The 1,797 UCI 8x8 digits exactly as the page loads them (`assets/digits.txt.gz`, the same images as
`assets/digits.csv.gz`), embedded below so the notebook needs no download: one line per image, its 64 pixel counts (0..16, row by row) as one character
each in base 17 (`0`-`9`, then `a`-`g` for 10-16). **Samples are columns**, as in the page's engine:
`X_raw` is (64 x 1797).

The split is the page's ({{split_text}}): the indices below are positions in that file.
)MD";

constexpr const char* kData = R"PY(DIGITS = """
{{digits}}
"""
LABELS = "{{labels}}"

X_raw = np.array([[int(c, 17) for c in row] for row in DIGITS.split()], dtype=np.float64).T   # (64 x 1797)
y_all = np.array([int(c) for c in LABELS])                                                    # (1797,)

TRAIN = {{train}}
VALIDATION = {{validation}}
TEST = {{test}}

print("images:", X_raw.shape[1], " train / validation / test:", len(TRAIN), len(VALIDATION), len(TEST))
)PY";

constexpr const char* kScalingIntro = R"MD(## Input scaling

{{scaling_text}}
)MD";

constexpr const char* kScaling = R"PY(SCALING = "{{scaling}}"
MEAN = np.array({{mean}}, dtype=np.float64)
STD = np.array({{scale}}, dtype=np.float64)

if SCALING == "standardize":
    # Fitted on the training split only (never on validation or test images): the mean and the
    # population standard deviation of each pixel, 1 where a pixel never changes.
    fitted_std = X_raw[:, TRAIN].std(axis=1)
    fitted_std[fitted_std < 1e-12] = 1.0
    print("largest difference from fitting here:",
          max(np.abs(MEAN - X_raw[:, TRAIN].mean(axis=1)).max(), np.abs(STD - fitted_std).max()))


def scale(X):
    """Raw pixel counts (64 x m) -> the network's inputs: (x - mean) / std per pixel."""
    return (X - MEAN[:, None]) / STD[:, None]


def one_hot(y, classes=10):
    Y = np.zeros((classes, len(y)))
    Y[y, np.arange(len(y))] = 1.0
    return Y
)PY";

constexpr const char* kArchIntro = R"MD(## The network and its parameters

{{arch_text}}

All weights and biases live in **one flat vector** `theta`, layer by layer: `W_1` (column-major), `b_1`,
`W_2`, `b_2`, ... This is the layout the page's optimizers work on and the gradient comes back in.
)MD";

constexpr const char* kArch = R"PY(LAYERS = {{layers}}        # units: inputs, hidden layers, outputs
ACTIVATION = "{{activation}}"     # hidden layers: sigmoid | tanh | relu
OUTPUT = "{{output}}"             # sigmoid (one yes/no unit per digit) | softmax
LAMBDA = {{lambda}}               # L2 regularization strength
L = len(LAYERS) - 1               # weight layers


def layer_offsets(layers):
    """Where W_l and b_l start in the flat vector theta, for l = 1..L."""
    offsets, at = [], 0
    for n_in, n_out in zip(layers[:-1], layers[1:]):
        offsets.append((at, at + n_out * n_in))   # W_l: n_out x n_in values, then b_l: n_out values
        at += n_out * n_in + n_out
    return offsets, at


OFFSETS, N_PARAMS = layer_offsets(LAYERS)


def unpack(theta):
    """[(W_1, b_1), ..., (W_L, b_L)] as views into theta, each layer at its OWN offset.

    The original notebook went wrong here: it sliced theta[0 : n_l * (n_(l-1) + 1)] for every layer,
    so every layer after the first read the first layer's numbers.
    """
    params = []
    for (w_at, b_at), n_in, n_out in zip(OFFSETS, LAYERS[:-1], LAYERS[1:]):
        W = theta[w_at:w_at + n_out * n_in].reshape((n_out, n_in), order="F")   # (n_out x n_in)
        b = theta[b_at:b_at + n_out]                                             # (n_out,)
        params.append((W, b))
    return params


def pack(grads):
    """The inverse of unpack: [(dW_1, db_1), ...] -> one flat vector in theta's layout."""
    return np.concatenate([np.concatenate([dW.ravel(order="F"), db]) for dW, db in grads])


def init_range(n_in, n_out):
    # The original notebook used log(6) / log(n_in + n_out): too wide, and wider still for big layers.
    return np.sqrt(6.0) / np.sqrt(n_in + n_out)


def random_theta(seed=0):
    """A fresh network, as the page starts one: every weight and bias uniform in +-init_range.
    (The page draws them from its own SplitMix64 generator; this uses NumPy's.)"""
    rng = np.random.default_rng(seed)
    parts = []
    for n_in, n_out in zip(LAYERS[:-1], LAYERS[1:]):
        parts.append(rng.uniform(-init_range(n_in, n_out), init_range(n_in, n_out), n_out * n_in + n_out))
    return np.concatenate(parts)


print("parameters:", N_PARAMS)
)PY";

constexpr const char* kWeightsIntro = R"MD(## The trained weights

The page's network keeps its weights in 32-bit floats. They are written below with 9 significant digits,
which read back as *exactly* the same float32 numbers; the notebook then widens them to float64 (exactly) and
computes in double precision, as the page's Backprop stepper does.
)MD";

constexpr const char* kWeights = R"PY(THETA_TEXT = """
{{theta}}
"""
THETA = np.array([float(v) for v in THETA_TEXT.split()]).astype(np.float32).astype(np.float64)
assert THETA.size == N_PARAMS, "the weights do not fit the architecture"
for l, (W, b) in enumerate(unpack(THETA), start=1):
    print(f"layer {l}: W {W.shape}, b {b.shape}, |W| largest {np.abs(W).max():.3f}")
)PY";

constexpr const char* kForwardIntro = R"MD(## Forward pass

For each layer `z_l = W_l a_(l-1) + b_l` and `a_l = g(z_l)`, with `a_0 = x` (the scaled pixels) and the
output layer's own function: {{output_text}}
)MD";

constexpr const char* kForward = R"PY(def g(z):
    """The hidden layers' activation, elementwise."""
    if ACTIVATION == "sigmoid":
        return 1.0 / (1.0 + np.exp(-z))
    if ACTIVATION == "tanh":
        return np.tanh(z)
    return np.maximum(z, 0.0)   # relu


def g_prime(z):
    """g'(z): the derivative at the PRE-activation z.

    The original notebook went wrong here: it computed sigmoid'(a) = sigmoid(a) (1 - sigmoid(a)) with
    a = sigmoid(z) already applied. For the sigmoid, g'(z) = a (1 - a) with a = g(z).
    """
    if ACTIVATION == "sigmoid":
        s = 1.0 / (1.0 + np.exp(-z))
        return s * (1.0 - s)
    if ACTIVATION == "tanh":
        return 1.0 - np.tanh(z) ** 2
    return (z > 0.0).astype(np.float64)   # relu: 1 where z > 0, else 0


def output(z):
    """The output layer: per-class probabilities, one column per sample."""
    if OUTPUT == "sigmoid":
        return 1.0 / (1.0 + np.exp(-z))
    e = np.exp(z - z.max(axis=0))   # softmax, shifted by each column's max (no overflow)
    return e / e.sum(axis=0)


def forward(theta, X):
    """X: (64 x m) scaled inputs. Returns the lists zs, As for l = 0..L (zs[0] unused, As[0] = X)."""
    zs, As = [None], [X]
    for l, (W, b) in enumerate(unpack(theta), start=1):
        z = W @ As[-1] + b[:, None]          # (n_l x m) = (n_l x n_(l-1)) (n_(l-1) x m) + (n_l x 1)
        zs.append(z)
        As.append(g(z) if l < L else output(z))
    return zs, As


X_train, y_train = scale(X_raw[:, TRAIN]), y_all[TRAIN]
X_val, y_val = scale(X_raw[:, VALIDATION]), y_all[VALIDATION]
X_test, y_test = scale(X_raw[:, TEST]), y_all[TEST]
zs, As = forward(THETA, X_test[:, :5])
print("outputs of the first 5 test images (columns):")
print(np.round(As[-1], 3))
)PY";

constexpr const char* kCostIntro = R"MD(## Cost

`J = (1/m) sum_i loss_i + lambda/(2 m) sum_l ||W_l||^2`: the cross-entropy with **natural** logarithms,
and the weights (never the biases) in the regularizer. {{loss_text}}
The loss is computed from the logits `z_L` rather than from the rounded probabilities, as the page does:
`-ln(sigmoid(z)) = ln(1 + e^-z)` stays accurate where the probability rounds to 1.
)MD";

constexpr const char* kCost = R"PY(def data_loss(zL, Y):
    """Sum over the samples (columns) of each one's loss, natural log, from the logits zL.

    The original notebook went wrong here: it used np.log10. Backprop's (a - y) is the derivative of
    the ln cost, so with log10 every gradient disagrees with the cost by the factor ln(10).
    """
    if OUTPUT == "sigmoid":
        # -[y ln s(z) + (1 - y) ln(1 - s(z))] = y softplus(-z) + (1 - y) softplus(z)
        tail = np.log1p(np.exp(-np.abs(zL)))
        return np.sum(Y * (np.maximum(-zL, 0.0) + tail) + (1.0 - Y) * (np.maximum(zL, 0.0) + tail))
    mx = zL.max(axis=0)
    lse = mx + np.log(np.exp(zL - mx).sum(axis=0))   # ln sum_k e^z_k, per column
    return -np.sum(Y * (zL - lse))


def cost(theta, X, Y, lam, m_reg=None):
    """J(theta) on the samples X (64 x m) with one-hot targets Y (10 x m).
    m_reg: the m of the regularizer (default: the number of samples)."""
    m = X.shape[1]
    m_reg = m if m_reg is None else m_reg
    zs, As = forward(theta, X)
    reg = sum(np.sum(W ** 2) for W, b in unpack(theta))   # weights only: the biases are not regularized
    return data_loss(zs[-1], Y) / m + lam / (2.0 * m_reg) * reg


Y_train = one_hot(y_train)
print(f"J on the training split: {cost(THETA, X_train, Y_train, LAMBDA):.6f}")
zs, As = forward(THETA, X_train)
print(f"training loss (data term only): {data_loss(zs[-1], Y_train) / X_train.shape[1]:.6f}   page: {{page_train_loss}}")
zs, As = forward(THETA, X_val)
print(f"validation loss:                {data_loss(zs[-1], one_hot(y_val)) / X_val.shape[1]:.6f}   page: {{page_val_loss}}")
print("(the page computes these in float32 and, with augmentation on, fits distorted copies too)")
)PY";

constexpr const char* kBackpropIntro = R"MD(## Backpropagation

The output error is `delta_L = (a_L - Y) / m` (for both output layers this is the derivative of the cost with
respect to `z_L`); it goes back through each layer as `delta_(l-1) = (W_l^T delta_l) * g'(z_(l-1))`, and
`dJ/dW_l = delta_l a_(l-1)^T + (lambda/m) W_l`, `dJ/db_l = delta_l summed over the samples`.
)MD";

constexpr const char* kBackprop = R"PY(def gradient(theta, X, Y, lam, m_reg=None):
    """dJ/dtheta, in theta's layout (pack)."""
    m = X.shape[1]
    m_reg = m if m_reg is None else m_reg
    zs, As = forward(theta, X)
    params = unpack(theta)
    grads = [None] * L
    delta = (As[L] - Y) / m                            # (n_L x m)
    for l in range(L, 0, -1):
        W, b = params[l - 1]
        # The original notebook went wrong here: its Theta = [b | W] zeroed column 1 (the first
        # weight column) instead of column 0 (the bias) before adding (lambda/m) Theta.
        # Here the lambda term touches W only; the bias is not regularized.
        dW = delta @ As[l - 1].T + (lam / m_reg) * W   # (n_l x n_(l-1))
        db = delta.sum(axis=1)                         # (n_l,)
        grads[l - 1] = (dW, db)
        if l > 1:
            delta = (W.T @ delta) * g_prime(zs[l - 1])   # g' at z, not at a
    return pack(grads)


grad = gradient(THETA, X_train, Y_train, LAMBDA)
print("|dJ/dtheta| on the training split:", np.linalg.norm(grad))
)PY";

constexpr const char* kCheckIntro = R"MD(## Gradient check

Backprop against central differences `(J(theta + eps e_k) - J(theta - eps e_k)) / (2 eps)` on a few parameters
of every layer (weights and a bias), on 20 training images. The relative error is
`|numeric - backprop| / max(|numeric| + |backprop|, 1e-8)`; below 1e-4 the gradient is right.
Try it on a copy of `gradient` with one of the original notebook's mistakes put back: the check fails.
)MD";

constexpr const char* kCheck = R"PY(def gradient_check(theta, X, Y, lam, per_layer=6, eps=1e-4, seed=0):
    # eps = 1e-4 (the page's default): the truncation error eps^2 stays far below the threshold, and
    # the rounding error of J (~1e-16 / eps) does not swamp the tiny gradients of a trained network.
    rng = np.random.default_rng(seed)
    analytic = gradient(theta, X, Y, lam)
    worst_all = 0.0
    for l, ((w_at, b_at), n_in, n_out) in enumerate(zip(OFFSETS, LAYERS[:-1], LAYERS[1:]), start=1):
        picks = list(w_at + rng.choice(n_out * n_in, size=min(per_layer, n_out * n_in), replace=False))
        picks.append(b_at + int(rng.integers(n_out)))
        worst = 0.0
        for k in picks:
            e = np.zeros_like(theta)
            e[k] = eps
            numeric = (cost(theta + e, X, Y, lam) - cost(theta - e, X, Y, lam)) / (2.0 * eps)
            worst = max(worst, abs(numeric - analytic[k]) / max(abs(numeric) + abs(analytic[k]), 1e-8))
        print(f"layer {l}: {len(picks)} parameters, largest relative error {worst:.2e}")
        worst_all = max(worst_all, worst)
    print("PASS" if worst_all < 1e-4 else "FAIL", f"(largest relative error {worst_all:.2e}, threshold 1e-4)")
    return worst_all


gradient_check(THETA, X_train[:, :20], Y_train[:, :20], LAMBDA)
)PY";

constexpr const char* kAccuracyIntro = R"MD(## Test accuracy

The predicted digit is the output with the largest probability, counted on the test split as the page counts
it. The page's network computes in float32, so the last step (the output function and the comparison) is done
in float32 here too: outputs that float32 rounds to the same value (a sigmoid output is exactly 1.0 in float32
beyond z = 16.6) tie, and a tie goes to the lower digit, as on the page.
)MD";

constexpr const char* kAccuracy = R"PY(def predict(theta, X):
    """The digit the page would answer for each column of X (scaled inputs)."""
    zs, As = forward(theta, X.astype(np.float32).astype(np.float64))   # the page keeps its inputs in float32
    zL = zs[-1].astype(np.float32)
    if OUTPUT == "sigmoid":
        p = np.float32(1.0) / (np.float32(1.0) + np.exp(-zL))
    else:
        e = np.exp(zL - zL.max(axis=0))
        p = e / e.sum(axis=0)
    return np.argmax(p, axis=0)   # ties: the first (lowest) digit


test_predictions = predict(THETA, X_test)
correct = int(np.sum(test_predictions == y_test))
test_accuracy = correct / len(y_test)
print(f"test accuracy: {100 * test_accuracy:.2f}% ({correct} of {len(y_test)})   page: {{page_test_accuracy}}")
confusion = np.zeros((10, 10), dtype=int)
np.add.at(confusion, (y_test, test_predictions), 1)
print("confusion matrix (rows: true digit, columns: answer):")
print(confusion)
)PY";

constexpr const char* kTraceIntro = R"MD(## The Backprop stepper's example, step by step

{{example_text}}
One example (m = 1), so the output error is just `a_L - y`. The lambda part of each weight gradient is
`(lambda / m_reg) W` with `m_reg` = {{m_reg}}, the number of images the page's optimizer fits (the training
split{{m_reg_extra}}), exactly as the stepper shows it.
)MD";

constexpr const char* kTrace = R"PY(EXAMPLE_INDEX = {{example_index}}          # position in the digits file (None: a sketch from the page)
EXAMPLE_PIXELS = np.array({{example_pixels}}, dtype=np.float64)
EXAMPLE_LABEL = {{example_label}}
M_REG = {{m_reg}}

if EXAMPLE_INDEX is not None:
    assert np.array_equal(EXAMPLE_PIXELS, X_raw[:, EXAMPLE_INDEX]), "the example is not that image"

x = scale(EXAMPLE_PIXELS[:, None])   # a_0: (64 x 1)
y = one_hot([EXAMPLE_LABEL])         # (10 x 1)
zs, As = forward(THETA, x)
for l in range(1, L + 1):
    print(f"z_{l} = W_{l} a_{l - 1} + b_{l}:", np.round(zs[l].ravel()[:6], 4), "..." if zs[l].size > 6 else "")
    print(f"a_{l} = {'g' if l < L else OUTPUT}(z_{l}):", np.round(As[l].ravel()[:6], 4), "..." if As[l].size > 6 else "")
loss = data_loss(zs[L], y)
print(f"label {EXAMPLE_LABEL}, answer {int(np.argmax(As[L]))}, loss {loss:.6f}")

deltas = [None] * (L + 1)
deltas[L] = As[L] - y                                             # the output error (m = 1)
for l in range(L - 1, 0, -1):
    W_next, _ = unpack(THETA)[l]
    deltas[l] = (W_next.T @ deltas[l + 1]) * g_prime(zs[l])       # the error going back
dW_norms = []
for l, (W, b) in enumerate(unpack(THETA), start=1):
    dW_data = deltas[l] @ As[l - 1].T                              # delta_l a_(l-1)^T
    dW_reg = (LAMBDA / M_REG) * W                                  # (lambda / m_reg) W
    dW = dW_data + dW_reg
    dW_norms.append(float(np.linalg.norm(dW)))                     # Frobenius norm
    print(f"layer {l}: |delta| {np.linalg.norm(deltas[l]):.4g}, |dW| {dW_norms[-1]:.6g} "
          f"(data {np.linalg.norm(dW_data):.4g}, lambda {np.linalg.norm(dW_reg):.4g}), |db| {np.linalg.norm(deltas[l]):.4g}")
print("page (lab.backprop.trace()): loss {{page_trace_loss}}")
)PY";

constexpr const char* kPictures = R"PY(if plt is not None:
    first_W, _ = unpack(THETA)[0]
    tiles = min(first_W.shape[0], 25) if L > 1 else 0
    fig, axes = plt.subplots(1, 1 + tiles, figsize=(1.2 * (1 + tiles), 1.6))
    axes = np.atleast_1d(axes)
    axes[0].imshow(EXAMPLE_PIXELS.reshape(8, 8), cmap="gray_r")
    axes[0].set_title(f"label {EXAMPLE_LABEL}")
    for k in range(tiles):   # first-layer weights of each hidden unit, as the page's Weights panel
        w = first_W[k].reshape(8, 8)
        axes[1 + k].imshow(w, cmap="RdBu_r", vmin=-np.abs(w).max(), vmax=np.abs(w).max())
        axes[1 + k].set_title(f"unit {k}", fontsize=7)
    for ax in axes:
        ax.axis("off")
    plt.show()
)PY";

constexpr const char* kResultIntro = R"MD(## The result

One line the page's tests compare with `lab.state().test_accuracy` and `lab.backprop.trace()`.
)MD";

constexpr const char* kResult = R"PY(print("RESULT " + json.dumps({"test_accuracy": test_accuracy, "example": EXAMPLE_INDEX,
                             "loss": float(loss), "dW_norms": dW_norms}))
)PY";

// ------------------------------------------------------------------ the parts that vary

std::string digits_text(const Dataset& d) {
  std::string s;
  s.reserve(static_cast<std::size_t>(d.size()) * (kPixels + 1));
  for (Index i = 0; i < d.size(); ++i) {
    if (i) s += '\n';
    for (int p = 0; p < kPixels; ++p) s += pixel_char(d.X(p, i));
  }
  return s;
}

std::string labels_text(const Dataset& d) {
  std::string s;
  for (int y : d.y) s += static_cast<char>('0' + std::clamp(y, 0, 9));
  return s;
}

std::string theta_text(const VecF& theta) {
  std::string s;
  for (Index i = 0; i < theta.size(); ++i) {
    if (i) s += (i % 8 == 0) ? '\n' : ' ';
    s += py_float32(theta[i]);
  }
  return s;
}

std::string percent(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%.2f%%", 100.0 * v);
  return b;
}

std::string fixed6(double v) {
  if (!std::isfinite(v)) return "(not known)";
  char b[32];
  std::snprintf(b, sizeof b, "%.6f", v);
  return b;
}

std::string page_summary(const Trainer& t, const NotebookPageFigures& page) {
  std::string s = t.config().arch.describe() + ", lambda = " + py_double(t.config().lambda) + ", trained by " +
                  to_string(t.config().optim.kind) + " for " + std::to_string(page.iteration) + " iterations";
  if (t.config().augment) s += " on the training split and distorted copies of it";
  s += std::isfinite(page.test_accuracy) ? "; test accuracy " + percent(page.test_accuracy) + "."
                                         : "; test accuracy not shown yet (it was still training).";
  return s;
}

std::string split_text(const TrainConfig& c, const Trainer& t) {
  std::string s = "shuffled with seed " + std::to_string(c.split.seed) + ": " + std::to_string(t.indices(Subset::Train).size()) +
                  " training, " + std::to_string(t.indices(Subset::Validation).size()) + " validation and " +
                  std::to_string(t.indices(Subset::Test).size()) + " test images";
  if (c.train_subset < 1.0) s += "; the network was fitted on the first part of the training split only";
  return s;
}

std::string scaling_text(const Scaler& sc) {
  if (sc.kind == Scaling::Divide16)
    return "Each pixel count 0..16 is divided by 16 (so inputs are in 0..1): `MEAN` is 0 and `STD` 16 for every pixel.";
  return "Each pixel is standardized, `(x - mean) / std`, with the mean and standard deviation fitted on the training "
         "split only (the page's exact values are embedded; the cell checks them against a fit here).";
}

std::string arch_text(const Architecture& A) {
  std::string s = "Layers " + std::to_string(A.inputs);
  for (int h : A.hidden) s += "-" + std::to_string(h);
  s += "-" + std::to_string(A.outputs) + ": ";
  if (A.hidden.empty())
    s += "no hidden layer (the inputs feed the outputs directly)";
  else
    s += std::to_string(A.hidden.size()) + " hidden layer" + (A.hidden.size() > 1 ? "s" : "") + " of " +
         to_string(A.activation) + " units";
  s += A.output == OutputKind::SoftmaxCE ? ", softmax outputs." : ", sigmoid outputs (one yes/no unit per digit, as in Ng's course).";
  return s;
}

std::string output_text(const Architecture& A) {
  return A.output == OutputKind::SoftmaxCE ? "softmax, `a_k = e^(z_k) / sum_j e^(z_j)`."
                                           : "the sigmoid per unit, `a_k = 1 / (1 + e^(-z_k))`.";
}

std::string loss_text(const Architecture& A) {
  return A.output == OutputKind::SoftmaxCE ? "With softmax outputs one sample's loss is `-sum_k y_k ln a_k`."
                                           : "With sigmoid outputs one sample's loss is "
                                             "`-sum_k [y_k ln a_k + (1 - y_k) ln(1 - a_k)]`.";
}

std::string example_text(const NotebookExample& ex) {
  if (ex.index >= 0)
    return "Image " + std::to_string(ex.index) + " of the digits file (label " + std::to_string(ex.label) +
           "), the example the page's Backprop stepper showed at export.";
  return "The digit sketched on the page (read as " + std::to_string(ex.label) +
         "), the example the page's Backprop stepper showed at export.";
}

std::string example_pixels(const VecD& px) {
  std::string s = "[";
  for (Index i = 0; i < px.size(); ++i) {
    if (i) s += (i % 16 == 0) ? ",\n    " : ", ";
    s += py_double(px[i]);
  }
  return s + "]";
}

}  // namespace

// ------------------------------------------------------------------ assembly

Result<std::string> make_notebook(const Trainer& t, const NotebookExample& ex, const NotebookPageFigures& page) {
  const Dataset& d = t.data();
  if (d.size() == 0) return Status::Error("the digits are not loaded yet");
  const TrainConfig& c = t.config();
  const Architecture& A = t.net().arch();
  if (ex.pixels.size() != kPixels || !ex.pixels.allFinite()) return Status::Error("the example needs 64 pixel values");
  if (ex.label < 0 || ex.label >= A.outputs) return Status::Error("the example's label must be a digit 0..9");
  if (ex.index >= d.size()) return Status::Error("the example is not an image of the digits file");
  if (t.net().theta().size() != A.param_count()) return Status::Error("the network has no weights yet");

  std::vector<int> layers = {A.inputs};
  layers.insert(layers.end(), A.hidden.begin(), A.hidden.end());
  layers.push_back(A.outputs);
  const Index m_reg = std::max<Index>(1, t.fit_size());
  const Index n_train = static_cast<Index>(t.indices(Subset::Train).size());
  std::string m_reg_extra;
  if (m_reg != n_train)
    m_reg_extra = c.augment ? ", the drawn-style digits and the distorted copies the page adds" : ", as far as it is fitted";

  const std::vector<std::pair<std::string, std::string>> v = {
      {"arch", A.describe()},
      {"page_summary", page_summary(t, page)},
      {"split_text", split_text(c, t)},
      {"digits", digits_text(d)},
      {"labels", labels_text(d)},
      {"train", int_list(t.indices(Subset::Train))},
      {"validation", int_list(t.indices(Subset::Validation))},
      {"test", int_list(t.indices(Subset::Test))},
      {"scaling_text", scaling_text(t.scaler())},
      {"scaling", to_string(t.scaler().kind)},
      {"mean", double_list(t.scaler().mean)},
      {"scale", double_list(t.scaler().scale)},
      {"arch_text", arch_text(A)},
      {"layers", int_list(layers)},
      {"activation", to_string(A.activation)},
      {"output", to_string(A.output)},
      {"lambda", py_double(c.lambda)},
      {"theta", theta_text(t.net().theta())},
      {"output_text", output_text(A)},
      {"loss_text", loss_text(A)},
      {"page_train_loss", fixed6(page.train_loss)},
      {"page_val_loss", fixed6(page.val_loss)},
      {"page_test_accuracy", std::isfinite(page.test_accuracy) ? percent(page.test_accuracy) : "(not shown yet)"},
      {"example_text", example_text(ex)},
      {"example_index", ex.index >= 0 ? std::to_string(ex.index) : "None"},
      {"example_pixels", example_pixels(ex.pixels)},
      {"example_label", std::to_string(ex.label)},
      {"m_reg", std::to_string(m_reg)},
      {"m_reg_extra", m_reg_extra},
      {"page_trace_loss", std::isfinite(page.trace_loss) ? py_double(page.trace_loss) : "(not known)"},
  };

  json cells = json::array();
  int id = 0;
  auto md = [&](const char* text) { cells.push_back(markdown(++id, fill(text, v))); };
  auto py = [&](const char* text, bool hidden = false) { cells.push_back(code(++id, fill(text, v), hidden)); };
  md(kIntro);
  py(kSetup);
  md(kDataIntro);
  py(kData, /*hidden=*/true);
  md(kScalingIntro);
  py(kScaling);
  md(kArchIntro);
  py(kArch);
  md(kWeightsIntro);
  py(kWeights, /*hidden=*/true);
  md(kForwardIntro);
  py(kForward);
  md(kCostIntro);
  py(kCost);
  md(kBackpropIntro);
  py(kBackprop);
  md(kCheckIntro);
  py(kCheck);
  md(kAccuracyIntro);
  py(kAccuracy);
  md(kTraceIntro);
  py(kTrace);
  py(kPictures);
  md(kResultIntro);
  py(kResult);

  json nb{{"cells", std::move(cells)},
          {"metadata",
           {{"kernelspec", {{"display_name", "Python 3"}, {"language", "python"}, {"name", "python3"}}},
            {"language_info", {{"name", "python"}}},
            {"backprop_lab", {{"architecture", A.describe()}, {"example", ex.index >= 0 ? json(ex.index) : json(nullptr)}}}}},
          {"nbformat", 4},
          {"nbformat_minor", 5}};
  return nb.dump(1, ' ', false, json::error_handler_t::replace) + "\n";
}

std::string notebook_file_name(const Architecture& A) {
  std::string name = "backprop-lab-" + std::to_string(A.inputs);
  for (int h : A.hidden) name += "-" + std::to_string(h);
  return name + "-" + std::to_string(A.outputs) + ".ipynb";
}

Result<std::string> export_notebook(AppState& app) {
  if (!app.has_data()) return Status::Error("the digits are not loaded yet");
  BackpropStepper& bp = app.backprop();
  bp.sync(app);
  if (!bp.has_trace()) {
    Status s = bp.open_instructive(app);
    if (!s.ok()) return s;
  } else if (bp.stale(app)) {
    Status s = bp.rerun(app);
    if (!s.ok()) return s;
  }
  const Trainer& t = app.trainer();
  NotebookExample ex;
  ex.index = bp.source() == BackpropStepper::Source::Dataset ? bp.index() : -1;
  ex.pixels = bp.pixels();
  ex.label = bp.label();
  NotebookPageFigures page;
  page.test_accuracy = app.test_accuracy();
  page.iteration = t.iteration();
  if (!t.history().empty()) {
    page.train_loss = t.history().back().train.loss;
    page.val_loss = t.history().back().validation.loss;
  }
  page.trace_loss = bp.trace().loss;
  return make_notebook(t, ex, page);
}

}  // namespace bpl
