#include "nn/trace.hpp"

#include <cmath>
#include <string>

namespace bpl {

VecD activate(Activation g, const VecD& z) {
  switch (g) {
    case Activation::Sigmoid: return (1.0 / (1.0 + (-z.array()).exp())).matrix();
    case Activation::Tanh: return z.array().tanh().matrix();
    case Activation::Relu: return z.array().max(0.0).matrix();
  }
  return z;
}

VecD activation_derivative(Activation g, const VecD& z) {
  switch (g) {
    case Activation::Sigmoid: {
      const VecD s = activate(g, z);
      return (s.array() * (1.0 - s.array())).matrix();   // sigma'(z) = sigma(z) (1 - sigma(z))
    }
    case Activation::Tanh: return (1.0 - z.array().tanh().square()).matrix();   // 1 - tanh^2
    case Activation::Relu: return (z.array() > 0.0).cast<double>().matrix();
  }
  return VecD::Ones(z.size());
}

namespace {

// a(L) from z(L): sigmoid per unit, or softmax shifted by the max for stability.
VecD output_activation(OutputKind out, const VecD& z) {
  if (out == OutputKind::SigmoidBCE) return (1.0 / (1.0 + (-z.array()).exp())).matrix();
  const VecD e = (z.array() - z.maxCoeff()).exp().matrix();
  return e / e.sum();
}

// The data term from the logits (no log of a rounded probability).
double loss_from_logits(OutputKind out, const VecD& z, const VecD& y) {
  if (out == OutputKind::SigmoidBCE) {
    // -[y ln s(z) + (1-y) ln(1-s(z))] = y softplus(-z) + (1-y) softplus(z)
    const Eigen::ArrayXd tail = (-z.array().abs()).exp().log1p();
    return (y.array() * ((-z.array()).max(0.0) + tail) + (1.0 - y.array()) * (z.array().max(0.0) + tail)).sum();
  }
  const double mx = z.maxCoeff();
  const double lse = mx + std::log((z.array() - mx).exp().sum());
  return -(y.array() * (z.array() - lse)).sum();
}

Status check_inputs(const Architecture& A, Index theta_size, Index x_size, int label, double lambda, Index m_reg) {
  Status s = A.validate();
  if (!s.ok()) return s;
  if (theta_size != A.param_count())
    return Status::Error("the parameters have " + std::to_string(theta_size) + " values; the network needs " +
                         std::to_string(A.param_count()));
  if (x_size != A.inputs)
    return Status::Error("the input has " + std::to_string(x_size) + " values; the network needs " +
                         std::to_string(A.inputs));
  if (label < 0 || label >= A.outputs) return Status::Error("the label must be a class 0.." + std::to_string(A.outputs - 1));
  if (!std::isfinite(lambda) || lambda < 0) return Status::Error("lambda must be a finite number >= 0");
  if (m_reg < 1) return Status::Error("m_reg must be >= 1");
  return Status::Ok();
}

}  // namespace

Result<ExampleTrace> trace_example(const Architecture& A, const Eigen::Ref<const VecD>& theta,
                                   const Eigen::Ref<const VecD>& x, int label, double lambda, Index m_reg) {
  Status s = check_inputs(A, theta.size(), x.size(), label, lambda, m_reg);
  if (!s.ok()) return s;
  ExampleTrace t;
  const int L = A.layers();
  t.arch = A;
  t.label = label;
  t.lambda = lambda;
  t.m_reg = m_reg;
  t.y = VecD::Zero(A.outputs);
  t.y[label] = 1.0;
  t.layers.resize(static_cast<std::size_t>(L) + 1);
  t.layers[0].a = x;

  // Forward: z(l) = W(l) a(l-1) + b(l), a(l) = g(z(l)).
  for (int l = 1; l <= L; ++l) {
    LayerTrace& cur = t.layers[static_cast<std::size_t>(l)];
    const VecD& a_prev = t.layer(l - 1).a;
    cur.z = weights<double>(A, theta.data(), l) * a_prev + biases<double>(A, theta.data(), l);
    cur.a = l < L ? activate(A.activation, cur.z) : output_activation(A.output, cur.z);
  }
  t.loss = loss_from_logits(A.output, t.layer(L).z, t.y);

  // Backward: delta(L) = a(L) - y (m = 1), then delta(l) = (W(l+1)^T delta(l+1)) .* g'(z(l)).
  t.layers[static_cast<std::size_t>(L)].delta = t.layer(L).a - t.y;
  for (int l = L - 1; l >= 1; --l) {
    LayerTrace& cur = t.layers[static_cast<std::size_t>(l)];
    const VecD back = weights<double>(A, theta.data(), l + 1).transpose() * t.layer(l + 1).delta;  // (n_l)
    cur.delta = (back.array() * activation_derivative(A.activation, cur.z).array()).matrix();
  }

  // Gradients: dJ/dW(l) = delta(l) a(l-1)^T + (lambda/m_reg) W(l), dJ/db(l) = delta(l).
  const double reg_scale = lambda / static_cast<double>(m_reg);
  for (int l = 1; l <= L; ++l) {
    LayerTrace& cur = t.layers[static_cast<std::size_t>(l)];
    cur.dW_data = cur.delta * t.layer(l - 1).a.transpose();
    cur.dW_reg = reg_scale * weights<double>(A, theta.data(), l);
    cur.db = cur.delta;
  }
  return t;
}

VecD ExampleTrace::gradient() const {
  VecD g(arch.param_count());
  for (int l = 1; l <= L(); ++l) {
    weights<double>(arch, g.data(), l) = layer(l).dW();
    biases<double>(arch, g.data(), l) = layer(l).db;
  }
  return g;
}

}  // namespace bpl
