// Gradient checking: numerical derivatives of the cost against backpropagation, in double.
//
// The numerical derivative of each coordinate is a central difference
//     D(h) = (f(x + h e_i) - f(x - h e_i)) / (2h),
// refined by Richardson extrapolation over a decreasing sequence of steps (Ridders' method,
// Numerical Recipes 5.7): D(h) = f'(x) + c2 h^2 + c4 h^4 + ..., so a Neville tableau over
// h, h/1.4, h/1.4^2, ... cancels the error terms one order at a time and estimates its own error.
// Why not one plain difference at h ~ 1e-5: its absolute error is ~ eps*|f|/h ~ 1e-10 for a cost
// of ~7, i.e. a relative error of 1e-3 on the gradient entries of size 1e-7 that real digits
// produce (weights of rarely-inked pixels, cancellations between data and regularizer terms).
// Extrapolation from larger steps reaches ~1e-14 absolute, which a check demanding a relative
// error < 1e-7 on EVERY entry needs.
//   * Steps: the first is h0 * max(1, |x_i|) (per coordinate's scale). If the tableau's error
//     estimate is not below 1e-9 of the value, tableaus starting 4x and 8x larger and 4x smaller
//     are also tried and the estimate with the smallest error estimate is kept.
//   * gradient_check differences the cost sample by sample: J = (1/m) sum_j J_j, and
//     J(x+) - J(x-) is formed as the sum of the per-sample differences, so samples a parameter
//     does not touch contribute exactly 0 and the round-off is that of single-sample costs.
//   * Kinks (ReLU): extrapolation assumes f is smooth on [x - h, x + h]. Across a kink D(h) is
//     still smooth in h and would extrapolate confidently to a wrong value, so for ReLU networks
//     the first step is quartered until no hidden pre-activation changes sign between x and
//     x +- h (and no larger steps are tried). Moving one parameter moves every pre-activation
//     piecewise linearly, so equal sign patterns at x and x +- h mean no kink lies in between
//     (by induction over the layers).
#pragma once
#include <functional>

#include "core/types.hpp"
#include "nn/network.hpp"

namespace bpl {

struct GradCheckOptions {
  double h0 = 0.05;     // first step, relative to max(1, |x_i|)
  double shrink = 1.4;  // step ratio between tableau columns
  int max_steps = 12;   // tableau size (each step costs 2 evaluations)
  bool extrapolate = true;  // false: one plain central difference at h0 * max(1, |x_i|)
  bool retry = true;        // extrapolate: try other first steps when the error estimate is large
};

struct GradCheckResult {
  double max_rel_error = 0;  // max over i of |n_i - b_i| / max(|n_i| + |b_i|, 1e-8)
  Index worst_index = -1;    // the i where it is reached (-1 for an empty vector)
  double numeric = 0;        // n at worst_index
  double analytic = 0;       // b at worst_index
  VecD numeric_grad;         // every n_i
};

// |n - b| / max(|n| + |b|, 1e-8): relative where the gradient is not tiny, absolute below 1e-8.
double relative_error(double numeric, double analytic);

// Numerical gradient of f at x (f is evaluated at copies of x with one coordinate moved).
// If same_piece is given, steps are shrunk until same_piece(x +- h e_i) holds (f is smooth on
// the segment between them, e.g. no ReLU changes sign); it is called with the moved point.
VecD numerical_gradient(const std::function<double(const VecD&)>& f, const VecD& x,
                        const GradCheckOptions& opt = {},
                        const std::function<bool(const VecD&)>& same_piece = nullptr);

// Element-wise comparison; numeric and analytic must have the same length.
GradCheckResult compare_gradients(const VecD& numeric, const VecD& analytic);

// Checks cost_and_gradient<double> for the network A at theta on (X, Y) with the given lambda
// and m_reg (<= 0: m_reg = number of columns of X). ReLU networks get the kink guard above.
GradCheckResult gradient_check(const Architecture& A, const VecD& theta, const MatD& X, const MatD& Y,
                               double lambda, Index m_reg = 0, const GradCheckOptions& opt = {});

}  // namespace bpl
