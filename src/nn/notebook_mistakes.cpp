// TEACHING ONLY: the notebook's bugs (see notebook_mistakes.hpp). Never called by the engine.
#include "nn/notebook_mistakes.hpp"

#include <cmath>
#include <memory>

#include "core/rng.hpp"

namespace bpl {

namespace {

struct MistakeText {
  NotebookMistake mistake;
  const char* id;
  const char* title;
  const char* why;
};

const MistakeText kTexts[kNotebookMistakes] = {
    {NotebookMistake::None, "none", "none: the engine's own cost and backprop",
     "The reference: backprop and the numerical derivatives agree, so the check passes."},
    {NotebookMistake::Log10, "log10", "(a) log10 instead of ln in the cost",
     "The derivative of ln a is 1/a; of log10 a it is 1/(a ln 10). Backprop's delta = a - y belongs to "
     "the ln cost, so with log10 the optimizer follows a gradient that is not the cost's."},
    {NotebookMistake::SigmoidPrimeOfA, "sigmoid_prime_of_a", "(b) g'(a) instead of g'(z) in backprop",
     "sigma'(z) = a(1 - a) is already written with a; applying sigma' to a again gives sigma(a)(1 - sigma(a)), "
     "a different number. Every hidden layer's gradient is wrong; the output layer's is not."},
    {NotebookMistake::RegularizeWrongColumn, "regularize_wrong_column",
     "(c) regularizer skips the first weight column, not the bias",
     "With Theta = [b | W] one wrong index regularizes the biases and skips the first weights in the "
     "gradient. Only those entries are wrong, and only with lambda > 0: check with lambda on."},
    {NotebookMistake::SameOffset, "same_offset", "(d) every layer sliced from offset 0",
     "Layer 2 reads layer 1's numbers, so the cost never sees layer 2's real weights: training would "
     "change weights that do nothing. The check shows numerical derivatives of exactly 0 there."},
    {NotebookMistake::LogInit, "log_init", "(e) init range with log instead of sqrt",
     "The gradient is right, so the check passes: gradient checking cannot catch a bad starting point. "
     "Only training can show it: compare the learning curves from the two inits."},
};

// The data term's share of a clean cost: J - lambda/(2 m_reg) sum_l ||W_l||^2.
double regularizer(const Architecture& A, const VecD& theta, double lambda, Index m_reg) {
  double sum = 0.0;
  for (int l = 1; l <= A.layers(); ++l) sum += weights<double>(A, theta.data(), l).squaredNorm();
  return lambda / (2.0 * double(m_reg)) * sum;
}

// g'(at) for the hidden activation, evaluated at whatever it is given (z for the correct
// formula, a for the notebook's bug).
MatD g_prime(Activation g, const MatD& at) {
  switch (g) {
    case Activation::Sigmoid: {
      const Eigen::ArrayXXd s = 1.0 / (1.0 + (-at.array()).exp());
      return (s * (1.0 - s)).matrix();
    }
    case Activation::Tanh: return (1.0 - at.array().tanh().square()).matrix();
    case Activation::Relu: return (at.array() > 0.0).cast<double>().matrix();
  }
  return MatD::Ones(at.rows(), at.cols());
}

// Backprop as the notebook wrote it, after forward() has filled c.z and c.a, with one of its two
// backward bugs switched on:
//   delta_L = (a_L - Y) / m
//   dJ/dW_l = delta_l a_{l-1}^T + (lambda/m_reg) W_l .* mask_W     dJ/db_l = delta_l 1 + (lambda/m_reg) b_l .* mask_b
//   delta_{l-1} = (W_l^T delta_l) .* g'(x_{l-1}),   x = z (correct) or a (g_prime_of_a)
// Correct masks: W all ones, b zero. reg_wrong_column: W's column 0 zero, b ones.
void notebook_backward(const Architecture& A, const VecD& theta, const MatD& X, const MatD& Y, double lambda,
                       Index m_reg, bool g_prime_of_a, bool reg_wrong_column, Cache<double>& c, VecD& grad) {
  const int L = A.layers();
  const Index m = X.cols();
  const double reg_scale = lambda / double(m_reg);
  grad.setZero(theta.size());
  MatD delta = (c.a[static_cast<std::size_t>(L)] - Y) / double(m);   // (n_L x m)
  for (int l = L; l >= 1; --l) {
    const std::size_t ul = static_cast<std::size_t>(l);
    Eigen::Map<const MatD> W = weights<double>(A, theta.data(), l);
    Eigen::Map<const VecD> b = biases<double>(A, theta.data(), l);
    Eigen::Map<MatD> dW = weights<double>(A, grad.data(), l);
    Eigen::Map<VecD> db = biases<double>(A, grad.data(), l);
    const MatD& a_prev = l == 1 ? X : c.a[ul - 1];
    dW.noalias() = delta * a_prev.transpose();                          // (n_l x n_{l-1})
    db.noalias() = delta.rowwise().sum();
    dW += reg_scale * W;
    if (reg_wrong_column) {
      dW.col(0) -= reg_scale * W.col(0);   // the first weight column left out ...
      db += reg_scale * b;                 // ... and the bias regularized instead
    }
    if (l > 1) {
      const MatD& x = g_prime_of_a ? c.a[ul - 1] : c.z[ul - 1];
      const MatD back = W.transpose() * delta;                          // (n_{l-1} x m)
      delta = (back.array() * g_prime(A.activation, x).array()).matrix();
    }
  }
}

// The notebook's unpacking with the offset bug: layer l's block [W_l | b_l] is read from
// theta[0 : n_l (n_{l-1} + 1)] for every l, and laid out at the engine's own offsets so that the
// clean cost_and_gradient can run on it.
VecD same_offset_view(const Architecture& A, const VecD& theta) {
  VecD read(theta.size());
  for (int l = 1; l <= A.layers(); ++l) {
    const Index begin = A.weight_offset(l), size = A.weight_offset(l + 1) - begin;
    read.segment(begin, size) = theta.head(size);
  }
  return read;
}

}  // namespace

const char* mistake_id(NotebookMistake m) { return kTexts[static_cast<int>(m)].id; }
const char* mistake_title(NotebookMistake m) { return kTexts[static_cast<int>(m)].title; }
const char* mistake_why(NotebookMistake m) { return kTexts[static_cast<int>(m)].why; }

bool parse_mistake(std::string_view id, NotebookMistake* out) {
  for (const MistakeText& t : kTexts)
    if (id == t.id) {
      *out = t.mistake;
      return true;
    }
  return false;
}

bool mistake_breaks_gradient(NotebookMistake m) { return m != NotebookMistake::None && m != NotebookMistake::LogInit; }

double mistaken_cost_and_gradient(NotebookMistake mistake, const Architecture& A, const VecD& theta,
                                  const MatD& X, const MatD& Y, double lambda, Index m_reg, VecD* grad,
                                  Cache<double>& c) {
  if (m_reg <= 0) m_reg = X.cols();
  switch (mistake) {
    case NotebookMistake::None:
    case NotebookMistake::LogInit:
      return cost_and_gradient<double>(A, theta, X, Y, lambda, m_reg, grad, c);
    case NotebookMistake::Log10: {
      // log10 a = ln a / ln 10: the data term shrinks by ln 10, the regularizer does not; the
      // gradient stays the ln cost's.
      const double J = cost_and_gradient<double>(A, theta, X, Y, lambda, m_reg, grad, c);
      const double reg = regularizer(A, theta, lambda, m_reg);
      return (J - reg) / std::log(10.0) + reg;
    }
    case NotebookMistake::SigmoidPrimeOfA:
    case NotebookMistake::RegularizeWrongColumn: {
      const double J = cost_and_gradient<double>(A, theta, X, Y, lambda, m_reg, nullptr, c);  // correct cost
      if (grad)
        notebook_backward(A, theta, X, Y, lambda, m_reg, mistake == NotebookMistake::SigmoidPrimeOfA,
                          mistake == NotebookMistake::RegularizeWrongColumn, c, *grad);
      return J;
    }
    case NotebookMistake::SameOffset: {
      // Cost and gradient of the aliased weights; the gradient lands at the engine's offsets.
      const VecD read = same_offset_view(A, theta);
      return cost_and_gradient<double>(A, read, X, Y, lambda, m_reg, grad, c);
    }
  }
  return cost_and_gradient<double>(A, theta, X, Y, lambda, m_reg, grad, c);
}

double mistaken_init_range(NotebookMistake mistake, int fan_in, int fan_out) {
  if (mistake == NotebookMistake::LogInit) return std::log(6.0) / std::log(double(fan_in + fan_out));
  return init_range(fan_in, fan_out);
}

void mistaken_init(NotebookMistake mistake, const Architecture& A, std::uint64_t seed, VecD& theta) {
  theta.resize(A.param_count());
  Rng rng(seed);
  for (int l = 1; l <= A.layers(); ++l) {
    const double eps = mistaken_init_range(mistake, A.units(l - 1), A.units(l));
    for (Index i = A.weight_offset(l); i < A.weight_offset(l + 1); ++i) theta[i] = rng.uniform(-eps, eps);
  }
}

CostFunction mistaken_cost_function(NotebookMistake mistake, const Architecture& A, const MatD& X, const MatD& Y,
                                    double lambda, Index m_reg) {
  auto cache = std::make_shared<Cache<double>>();
  return [=](const VecD& theta, VecD* grad) {
    return mistaken_cost_and_gradient(mistake, A, theta, X, Y, lambda, m_reg, grad, *cache);
  };
}

}  // namespace bpl
