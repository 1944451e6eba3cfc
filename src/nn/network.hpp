// A feedforward network: architecture, one flat parameter vector with matrix views,
// forward and backward passes on whole batches.
//
// Notation (samples are columns; m = batch size; L = number of weight layers):
//   a0 = X                                   (n_0 x m)
//   z_l = W_l a_{l-1} + b_l                  (n_l x m),  W_l is (n_l x n_{l-1}), b_l is (n_l)
//   a_l = g(z_l)           for hidden layers, g = sigmoid | tanh | relu
//   a_L = sigmoid(z_L)     (SigmoidBCE, Andrew Ng's output: one binary classifier per class)
//       | softmax(z_L)     (SoftmaxCE)
// Cost (data term averaged over the batch, L2 over non-bias weights, m_reg = training set size):
//   J = (1/m) sum_i loss(a_L^(i), y^(i)) + lambda/(2 m_reg) sum_l ||W_l||_F^2
//   SigmoidBCE: loss = -sum_k [ y_k ln a_k + (1 - y_k) ln(1 - a_k) ]   (natural log, not log10)
//   SoftmaxCE:  loss = -sum_k y_k ln p_k
// Backward (both outputs pair with their loss so that dJ/dz_L is the fused p - y):
//   delta_L = (a_L - Y) / m
//   dJ/dW_l = delta_l a_{l-1}^T + (lambda/m_reg) W_l         dJ/db_l = delta_l 1   (biases not regularized)
//   delta_{l-1} = (W_l^T delta_l) .* g'(z_{l-1})              (g' at the PRE-activation z)
//
// Parameter layout in the flat vector theta, layer by layer: W_1 (column-major), b_1, W_2, b_2, ...
#pragma once
#include <Eigen/Core>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.hpp"
#include "core/types.hpp"

namespace bpl {

enum class Activation { Sigmoid, Tanh, Relu };
enum class OutputKind { SigmoidBCE, SoftmaxCE };
const char* to_string(Activation a);
const char* to_string(OutputKind o);
bool parse_activation(std::string_view s, Activation* out);   // "sigmoid" | "tanh" | "relu"
bool parse_output(std::string_view s, OutputKind* out);       // "sigmoid" | "softmax"

constexpr int kMaxUnits = 1024;        // per hidden layer
constexpr int kMaxHiddenLayers = 8;

struct Architecture {
  int inputs = 64;                     // 8x8 pixels
  std::vector<int> hidden = {25};      // units per hidden layer (0..8 layers, 1..1024 units each)
  int outputs = 10;                    // classes
  Activation activation = Activation::Sigmoid;     // hidden-layer activation
  OutputKind output = OutputKind::SigmoidBCE;      // Ng's output layer by default

  Status validate() const;
  int layers() const { return static_cast<int>(hidden.size()) + 1; }  // weight layers L
  int units(int l) const;              // n_l, l = 0..L (0 = inputs)
  Index weight_offset(int l) const;    // l = 1..L
  Index bias_offset(int l) const { return weight_offset(l) + Index(units(l)) * units(l - 1); }
  Index param_count() const { return weight_offset(layers() + 1); }
  std::string describe() const;        // e.g. "64-25-10 sigmoid, sigmoid outputs"
  bool operator==(const Architecture& o) const {
    return inputs == o.inputs && hidden == o.hidden && outputs == o.outputs && activation == o.activation &&
           output == o.output;
  }
  bool operator!=(const Architecture& o) const { return !(*this == o); }
};

// Per-batch buffers; reused between calls so the hot loop does not allocate.
template <class T>
struct Cache {
  std::vector<Mat<T>> z;      // z[l], l = 1..L  (z[0] unused)
  std::vector<Mat<T>> a;      // a[l], l = 1..L  (a[0] unused: the input X is read in place)
  std::vector<Mat<T>> delta;  // delta[l], l = 1..L
};

// Read-only and writable matrix views of one layer inside a flat parameter vector.
template <class T>
Eigen::Map<const Mat<T>> weights(const Architecture& A, const T* theta, int l) {
  return Eigen::Map<const Mat<T>>(theta + A.weight_offset(l), A.units(l), A.units(l - 1));
}
template <class T>
Eigen::Map<Mat<T>> weights(const Architecture& A, T* theta, int l) {
  return Eigen::Map<Mat<T>>(theta + A.weight_offset(l), A.units(l), A.units(l - 1));
}
template <class T>
Eigen::Map<const Vec<T>> biases(const Architecture& A, const T* theta, int l) {
  return Eigen::Map<const Vec<T>>(theta + A.bias_offset(l), A.units(l));
}
template <class T>
Eigen::Map<Vec<T>> biases(const Architecture& A, T* theta, int l) {
  return Eigen::Map<Vec<T>>(theta + A.bias_offset(l), A.units(l));
}

// Uniform init in +-sqrt(6)/sqrt(n_in + n_out) for every weight AND bias of a layer
// (as the notebook did), drawn layer by layer in parameter order from SplitMix64(seed).
template <class T>
void init_uniform(const Architecture& A, std::uint64_t seed, Eigen::Ref<Vec<T>> theta);
double init_range(int fan_in, int fan_out);  // sqrt(6)/sqrt(fan_in + fan_out)

// One-hot targets (classes x m) from labels.
template <class T>
Mat<T> one_hot(const std::vector<int>& y, int classes);

// Forward pass: fills cache.z and cache.a; the output is cache.a[L] (class probabilities).
template <class T>
void forward(const Architecture& A, Eigen::Ref<const Vec<T>> theta, Eigen::Ref<const Mat<T>> X, Cache<T>& c);

// Cost J; if grad is non-null, also dJ/dtheta (same layout as theta). Y is one-hot (classes x m).
// m_reg is the size of the set the regularizer is normalized by (<= 0: use m).
template <class T>
T cost_and_gradient(const Architecture& A, Eigen::Ref<const Vec<T>> theta, Eigen::Ref<const Mat<T>> X,
                    Eigen::Ref<const Mat<T>> Y, T lambda, Index m_reg, Vec<T>* grad, Cache<T>& c);

// Data term only (no regularizer) of probabilities P against one-hot Y, averaged over columns.
template <class T>
T data_loss(OutputKind out, Eigen::Ref<const Mat<T>> P, Eigen::Ref<const Mat<T>> Y);

// A network that owns its parameters. Optimizers update theta() in place; heatmaps read W(l).
template <class T>
class Network {
 public:
  Network() = default;
  // Validates and allocates; parameters are initialized from seed.
  Status configure(const Architecture& A, std::uint64_t seed);
  void reinit(std::uint64_t seed) { init_uniform<T>(arch_, seed, theta_); }

  const Architecture& arch() const { return arch_; }
  Vec<T>& theta() { return theta_; }
  const Vec<T>& theta() const { return theta_; }
  Eigen::Map<const Mat<T>> W(int l) const { return weights<T>(arch_, theta_.data(), l); }
  Eigen::Map<Mat<T>> W(int l) { return weights<T>(arch_, theta_.data(), l); }
  Eigen::Map<const Vec<T>> b(int l) const { return biases<T>(arch_, theta_.data(), l); }
  Eigen::Map<Vec<T>> b(int l) { return biases<T>(arch_, theta_.data(), l); }

  // Class probabilities (classes x m) for inputs X (already scaled).
  const Mat<T>& predict_proba(Eigen::Ref<const Mat<T>> X) {
    forward<T>(arch_, theta_, X, cache_);
    return cache_.a.back();
  }
  // Predicted class per column.
  std::vector<int> predict(Eigen::Ref<const Mat<T>> X);
  Cache<T>& cache() { return cache_; }

 private:
  Architecture arch_;
  Vec<T> theta_;
  Cache<T> cache_;
};

// Index of the largest entry of each column (ties: lowest index).
template <class T>
std::vector<int> argmax_columns(Eigen::Ref<const Mat<T>> P);

}  // namespace bpl
