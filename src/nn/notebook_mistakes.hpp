// TEACHING ONLY: deliberately broken versions of the cost/gradient and of the weight init that
// reproduce the original notebook's bugs, so that the Gradient check panel (and
// window.lab.gradcheck.run) can show a student what each bug does to a gradient check.
// The real engine (network.cpp, the trainer, the optimizers) never calls anything in this file.
//
// The notebook stored each layer as Theta_l = [b_l | W_l] (the bias in column 0) and unrolled
// all Theta_l into one vector; this engine keeps W_l (column-major) and b_l as separate blocks of
// the flat vector theta (see network.hpp). Each variant below reproduces the notebook's bug in
// this layout; the comment on each says exactly what is computed and where the check fails.
//
//   None                  the clean engine: cost_and_gradient<double>.
//   Log10                 the cost's data term with log10 instead of ln; the gradient is the
//                         correct backprop (of the ln cost). Every layer fails (the data part of
//                         every numerical derivative is 1/ln 10 = 0.434 of the backprop value).
//   SigmoidPrimeOfA       backprop multiplies by g'(a) instead of g'(z): for sigmoid
//                         sigma'(a) = sigma(a)(1 - sigma(a)) with a = sigma(z), instead of
//                         a(1 - a). The cost is correct; delta_L is fused (no g'), so the output
//                         layer's gradient is right and every HIDDEN layer's is wrong. (tanh:
//                         1 - tanh(a)^2; ReLU: a > 0 iff z > 0, so for ReLU the bug is harmless.)
//   RegularizeWrongColumn the gradient's lambda term masks the wrong column: the notebook zeroed
//                         column 1 of Theta = [b | W] (the first WEIGHT column) instead of
//                         column 0 (the bias) before adding (lambda/m) Theta. The cost still
//                         regularizes every weight and no bias (correct). So in the gradient
//                         dJ/dW_l(:, 0) lacks (lambda/m) W_l(:, 0) and dJ/db_l gains (lambda/m) b_l:
//                         the check fails on exactly W_l's column 0 and b_l, in every layer, and
//                         only when lambda > 0 (with lambda = 0 the bug is invisible).
//   SameOffset            every layer's W_l and b_l are read from offset 0 of theta (the
//                         notebook sliced theta[0 : n_l (n_{l-1} + 1)] for every layer), in the
//                         cost and in the gradient alike; backprop then writes dJ/dW_l, dJ/db_l
//                         (computed with those aliased weights) into the RIGHT places. Layer 1
//                         already starts at offset 0. For l >= 2 the cost does not depend on
//                         layer l's own block at all: its numerical derivatives are 0 while
//                         backprop's are not (relative error 1): layer 2 (and every later layer)
//                         fails. The first n_2 (n_1 + 1) entries of layer 1's block are read by
//                         layer 2 too, so their numerical derivative carries layer 2's extra
//                         term: those entries of layer 1 fail as well; layer 1's other entries pass.
//   LogInit               the init range log(6)/log(n_in + n_out) instead of
//                         sqrt(6)/sqrt(n_in + n_out). The cost and the gradient are the clean
//                         engine's: the check PASSES. A gradient check verifies that the gradient
//                         matches the cost at the weights it is given; it says nothing about
//                         whether those weights were a good place to start. Only training can show
//                         this bug. (How much depends on the layer sizes: for 64-25-10 the ranges
//                         are x1.54 and x1.22 the correct ones and CG's learning curve barely
//                         changes, 96.9% vs 97.5% validation after 60 iterations; the wider the
//                         layers, the further log overshoots sqrt: +-0.235 vs +-0.054 for 1024+1024.)
#pragma once
#include <cstdint>
#include <functional>
#include <string_view>

#include "core/types.hpp"
#include "nn/network.hpp"

namespace bpl {

enum class NotebookMistake { None, Log10, SigmoidPrimeOfA, RegularizeWrongColumn, SameOffset, LogInit };
constexpr int kNotebookMistakes = 6;   // in the order above; static_cast<NotebookMistake>(0..5)

// The API's name: "none", "log10", "sigmoid_prime_of_a", "regularize_wrong_column",
// "same_offset", "log_init".
const char* mistake_id(NotebookMistake m);
bool parse_mistake(std::string_view id, NotebookMistake* out);
// One line for a selector, e.g. "log10 instead of ln in the cost".
const char* mistake_title(NotebookMistake m);
// Why it matters, in a sentence or two (the panel's "why this matters" line).
const char* mistake_why(NotebookMistake m);
// Whether a correct gradient check is expected to catch it (false for None and LogInit).
bool mistake_breaks_gradient(NotebookMistake m);

// The cost (and, if grad is non-null, the gradient) exactly as the variant computes them, in
// double; arguments as cost_and_gradient (X: inputs x m, Y: one-hot, m_reg <= 0: m).
double mistaken_cost_and_gradient(NotebookMistake mistake, const Architecture& A, const VecD& theta,
                                  const MatD& X, const MatD& Y, double lambda, Index m_reg, VecD* grad,
                                  Cache<double>& cache);

// Init range of a layer with fan_in inputs and fan_out units: LogInit's log(6)/log(in + out),
// every other variant the engine's sqrt(6)/sqrt(in + out).
double mistaken_init_range(NotebookMistake mistake, int fan_in, int fan_out);
// Weights and biases uniform in +-mistaken_init_range, drawn from SplitMix64(seed) in the same
// order as init_uniform (so None and LogInit differ only by the range).
void mistaken_init(NotebookMistake mistake, const Architecture& A, std::uint64_t seed, VecD& theta);

// J(theta) and, when grad is non-null, dJ/dtheta: what a gradient check compares.
using CostFunction = std::function<double(const VecD& theta, VecD* grad)>;
// The variant's cost on a fixed batch (X, Y are copied into the function).
CostFunction mistaken_cost_function(NotebookMistake mistake, const Architecture& A, const MatD& X, const MatD& Y,
                                    double lambda, Index m_reg);

}  // namespace bpl
