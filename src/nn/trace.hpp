// A trace of ONE example through the network, forward and backward, in double precision: every
// intermediate value a student would compute by hand, kept layer by layer (nothing is reused or
// overwritten, unlike the batch buffers of network.hpp). It reads theta and never writes it.
//
// For one example x with one-hot target y (m = 1, so delta_L has no 1/m factor):
//   a(0) = x                                                    (n_0)
//   z(l) = W(l) a(l-1) + b(l)                                   (n_l)
//   a(l) = g(z(l)) for l < L;  a(L) = sigmoid(z(L)) | softmax(z(L))
//   loss = -sum_k [y_k ln a_k + (1 - y_k) ln(1 - a_k)]  (sigmoid outputs) | -sum_k y_k ln a_k (softmax)
//   delta(L) = a(L) - y
//   delta(l) = (W(l+1)^T delta(l+1)) .* g'(z(l))                  for l = L-1 .. 1
//   dJ/dW(l) = delta(l) a(l-1)^T  +  (lambda / m_reg) W(l)         (data part, lambda part)
//   dJ/db(l) = delta(l)                                            (biases are not regularized)
// m_reg is the size of the set the regularizer is normalized by: in training, the training set
// (so the one-example gradient is what a minibatch of size 1 would use).
#pragma once
#include <vector>

#include "core/status.hpp"
#include "core/types.hpp"
#include "nn/network.hpp"

namespace bpl {

struct LayerTrace {
  VecD z, a, delta;   // (n_l) each; for layer 0 only a = a(0) is set
  MatD dW_data;       // delta(l) a(l-1)^T                 (n_l x n_{l-1})
  MatD dW_reg;        // (lambda / m_reg) W(l)             (n_l x n_{l-1})
  VecD db;            // delta(l)                          (n_l)
  MatD dW() const { return dW_data + dW_reg; }
};

struct ExampleTrace {
  Architecture arch;
  int label = -1;            // the class y is one-hot for
  VecD y;                    // one-hot target (n_L)
  double loss = 0;           // data term of this example (natural log)
  double lambda = 0;
  Index m_reg = 1;
  std::vector<LayerTrace> layers;  // layers[l], l = 0..L (layers[0].a is the input a(0))

  int L() const { return arch.layers(); }
  const LayerTrace& layer(int l) const { return layers[static_cast<std::size_t>(l)]; }
  // dJ/dtheta of this example in the flat parameter layout (W1 column-major, b1, W2, ...).
  VecD gradient() const;
};

// Traces x (already scaled, n_0 values) with label 0..n_L-1 through the network (A, theta).
// Errors (sizes, label, lambda, m_reg) come back as a message; theta is only read.
Result<ExampleTrace> trace_example(const Architecture& A, const Eigen::Ref<const VecD>& theta,
                                   const Eigen::Ref<const VecD>& x, int label, double lambda, Index m_reg);

// g'(z) for the hidden activation, elementwise (ReLU: 1 for z > 0, else 0).
VecD activation_derivative(Activation g, const VecD& z);
// g(z), elementwise.
VecD activate(Activation g, const VecD& z);

}  // namespace bpl
