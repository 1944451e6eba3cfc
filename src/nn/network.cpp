#include "nn/network.hpp"

#include <cmath>
#include <string>

#include "core/names.hpp"
#include "core/rng.hpp"

namespace bpl {

const char* to_string(Activation a) {
  switch (a) {
    case Activation::Sigmoid: return "sigmoid";
    case Activation::Tanh: return "tanh";
    case Activation::Relu: return "relu";
  }
  return "?";
}
const char* to_string(OutputKind o) { return o == OutputKind::SigmoidBCE ? "sigmoid" : "softmax"; }

bool parse_activation(std::string_view s, Activation* out) {
  return parse_name(s, {Activation::Sigmoid, Activation::Tanh, Activation::Relu}, out);
}
bool parse_output(std::string_view s, OutputKind* out) {
  return parse_name(s, {OutputKind::SigmoidBCE, OutputKind::SoftmaxCE}, out);
}

Status Architecture::validate() const {
  if (inputs < 1 || inputs > 4096) return Status::Error("inputs must be in 1..4096");
  if (outputs < 2 || outputs > 1024) return Status::Error("outputs must be in 2..1024");
  if (static_cast<int>(hidden.size()) > kMaxHiddenLayers)
    return Status::Error("at most " + std::to_string(kMaxHiddenLayers) + " hidden layers");
  for (std::size_t i = 0; i < hidden.size(); ++i)
    if (hidden[i] < 1 || hidden[i] > kMaxUnits)
      return Status::Error("hidden layer " + std::to_string(i + 1) + " has " + std::to_string(hidden[i]) +
                           " units; each must have 1.." + std::to_string(kMaxUnits));
  return Status::Ok();
}

int Architecture::units(int l) const {
  if (l == 0) return inputs;
  if (l == layers()) return outputs;
  return hidden[static_cast<std::size_t>(l - 1)];
}

Index Architecture::weight_offset(int l) const {
  Index off = 0;
  for (int k = 1; k < l; ++k) off += Index(units(k)) * (units(k - 1) + 1);
  return off;
}

std::string Architecture::describe() const {
  std::string s = std::to_string(inputs);
  for (int h : hidden) s += '-' + std::to_string(h);
  return s + '-' + std::to_string(outputs) + ' ' + to_string(activation) + ", " + to_string(output) + " outputs";
}

double init_range(int fan_in, int fan_out) { return std::sqrt(6.0) / std::sqrt(double(fan_in + fan_out)); }

template <class T>
void init_uniform(const Architecture& A, std::uint64_t seed, Eigen::Ref<Vec<T>> theta) {
  Rng rng(seed);
  for (int l = 1; l <= A.layers(); ++l) {
    const double eps = init_range(A.units(l - 1), A.units(l));
    const Index begin = A.weight_offset(l), end = A.weight_offset(l + 1);
    for (Index i = begin; i < end; ++i) theta[i] = static_cast<T>(rng.uniform(-eps, eps));
  }
}

template <class T>
Mat<T> one_hot(const std::vector<int>& y, int classes) {
  Mat<T> Y = Mat<T>::Zero(classes, static_cast<Index>(y.size()));
  for (std::size_t i = 0; i < y.size(); ++i)
    if (y[i] >= 0 && y[i] < classes) Y(y[i], static_cast<Index>(i)) = T(1);
  return Y;
}

namespace {

// a = g(z), elementwise.
template <class T>
void activate(Activation g, const Mat<T>& z, Mat<T>& a) {
  switch (g) {
    case Activation::Sigmoid: a = (T(1) / (T(1) + (-z.array()).exp())).matrix(); break;
    case Activation::Tanh: a = z.array().tanh().matrix(); break;
    case Activation::Relu: a = z.array().max(T(0)).matrix(); break;
  }
}

// delta .*= g'(z). Each derivative is the derivative at the pre-activation z; for sigmoid and
// tanh it is written with a = g(z) because sigma'(z) = a(1-a) and tanh'(z) = 1 - a^2.
template <class T>
void times_derivative(Activation g, const Mat<T>& z, const Mat<T>& a, Mat<T>& delta) {
  switch (g) {
    case Activation::Sigmoid: delta.array() *= a.array() * (T(1) - a.array()); break;
    case Activation::Tanh: delta.array() *= T(1) - a.array().square(); break;
    case Activation::Relu: delta.array() *= (z.array() > T(0)).template cast<T>(); break;
  }
}

// Output layer probabilities from z_L.
template <class T>
void output_probs(OutputKind out, const Mat<T>& z, Mat<T>& p) {
  if (out == OutputKind::SigmoidBCE) {
    p = (T(1) / (T(1) + (-z.array()).exp())).matrix();
    return;
  }
  // softmax, column-wise, shifted by the column max for stability
  p.resize(z.rows(), z.cols());
  for (Index j = 0; j < z.cols(); ++j) {
    const T mx = z.col(j).maxCoeff();
    p.col(j) = (z.col(j).array() - mx).exp().matrix();
    p.col(j) /= p.col(j).sum();
  }
}

// Data term from the logits z_L (more accurate than logs of rounded probabilities).
template <class T>
T data_loss_from_logits(OutputKind out, const Mat<T>& z, Eigen::Ref<const Mat<T>> Y) {
  const Index m = z.cols();
  if (out == OutputKind::SigmoidBCE) {
    // -[y ln s(z) + (1-y) ln(1 - s(z))] = y softplus(-z) + (1-y) softplus(z),
    // softplus(x) = ln(1 + e^x) = max(x, 0) + ln(1 + e^-|x|)  (no overflow)
    const Eigen::Array<T, Eigen::Dynamic, Eigen::Dynamic> tail = (-z.array().abs()).exp().log1p();
    const T total = (Y.array() * ((-z.array()).max(T(0)) + tail) +
                     (T(1) - Y.array()) * (z.array().max(T(0)) + tail)).sum();
    return total / T(m);
  }
  // -sum_k y_k ln softmax(z)_k = -sum_k y_k (z_k - lse(z)),  lse(z) = max + ln sum exp(z - max)
  double total = 0.0;
  for (Index j = 0; j < m; ++j) {
    const T mx = z.col(j).maxCoeff();
    const T lse = mx + std::log((z.col(j).array() - mx).exp().sum());
    total -= double((Y.col(j).array() * (z.col(j).array() - lse)).sum());
  }
  return static_cast<T>(total / double(m));
}

}  // namespace

template <class T>
void forward(const Architecture& A, Eigen::Ref<const Vec<T>> theta, Eigen::Ref<const Mat<T>> X, Cache<T>& c) {
  const int L = A.layers();
  c.z.resize(static_cast<std::size_t>(L) + 1);
  c.a.resize(static_cast<std::size_t>(L) + 1);
  c.a[0].resize(0, 0);  // the input is read in place from X (no copy per evaluation)
  for (int l = 1; l <= L; ++l) {
    Eigen::Map<const Mat<T>> W = weights<T>(A, theta.data(), l);
    Eigen::Map<const Vec<T>> b = biases<T>(A, theta.data(), l);
    Mat<T>& z = c.z[static_cast<std::size_t>(l)];
    z.resize(W.rows(), X.cols());
    if (l == 1)
      z.noalias() = W * X;                                     // (n_1 x m) = (n_1 x n_0)(n_0 x m)
    else
      z.noalias() = W * c.a[static_cast<std::size_t>(l - 1)];  // (n_l x m) = (n_l x n_{l-1})(n_{l-1} x m)
    z.colwise() += b;
    if (l < L)
      activate(A.activation, z, c.a[static_cast<std::size_t>(l)]);
    else
      output_probs(A.output, z, c.a[static_cast<std::size_t>(l)]);
  }
}

template <class T>
T cost_and_gradient(const Architecture& A, Eigen::Ref<const Vec<T>> theta, Eigen::Ref<const Mat<T>> X,
                    Eigen::Ref<const Mat<T>> Y, T lambda, Index m_reg, Vec<T>* grad, Cache<T>& c) {
  const int L = A.layers();
  const Index m = X.cols();
  if (m_reg <= 0) m_reg = m;
  forward<T>(A, theta, X, c);

  // J = data term + lambda/(2 m_reg) sum ||W_l||^2
  double reg = 0.0;
  for (int l = 1; l <= L; ++l) reg += double(weights<T>(A, theta.data(), l).squaredNorm());
  const T J = data_loss_from_logits<T>(A.output, c.z[static_cast<std::size_t>(L)], Y) +
              static_cast<T>(double(lambda) / (2.0 * double(m_reg)) * reg);
  if (!grad) return J;

  grad->resize(theta.size());
  c.delta.resize(static_cast<std::size_t>(L) + 1);
  // delta_L = (a_L - Y) / m: the fused gradient of both output/loss pairs with respect to z_L
  c.delta[static_cast<std::size_t>(L)] = (c.a[static_cast<std::size_t>(L)] - Y) / T(m);
  const T reg_scale = lambda / T(m_reg);
  for (int l = L; l >= 1; --l) {
    const std::size_t ul = static_cast<std::size_t>(l);
    const Mat<T>& delta = c.delta[ul];
    Eigen::Map<const Mat<T>> W = weights<T>(A, theta.data(), l);
    Eigen::Map<Mat<T>> dW = weights<T>(A, grad->data(), l);
    Eigen::Map<Vec<T>> db = biases<T>(A, grad->data(), l);
    if (l == 1)
      dW.noalias() = delta * X.transpose();          // (n_1 x n_0)
    else
      dW.noalias() = delta * c.a[ul - 1].transpose();  // (n_l x n_{l-1})
    dW += reg_scale * W;                            // biases are not regularized
    db.noalias() = delta.rowwise().sum();
    if (l > 1) {
      Mat<T>& prev = c.delta[ul - 1];
      prev.resize(W.cols(), m);
      prev.noalias() = W.transpose() * delta;        // (n_{l-1} x m)
      times_derivative(A.activation, c.z[ul - 1], c.a[ul - 1], prev);
    }
  }
  return J;
}

template <class T>
T data_loss(OutputKind out, Eigen::Ref<const Mat<T>> P, Eigen::Ref<const Mat<T>> Y) {
  const T tiny = std::numeric_limits<T>::min();
  double total = 0.0;
  if (out == OutputKind::SigmoidBCE)
    total = -double((Y.array() * (P.array().max(tiny)).log() +
                     (T(1) - Y.array()) * ((T(1) - P.array()).max(tiny)).log())
                        .sum());
  else
    total = -double((Y.array() * P.array().max(tiny).log()).sum());
  return static_cast<T>(total / double(P.cols()));
}

template <class T>
std::vector<int> argmax_columns(Eigen::Ref<const Mat<T>> P) {
  std::vector<int> out(static_cast<std::size_t>(P.cols()));
  for (Index j = 0; j < P.cols(); ++j) {
    Index k = 0;
    P.col(j).maxCoeff(&k);
    out[static_cast<std::size_t>(j)] = static_cast<int>(k);
  }
  return out;
}

template <class T>
Status Network<T>::configure(const Architecture& A, std::uint64_t seed) {
  Status s = A.validate();
  if (!s.ok()) return s;
  arch_ = A;
  theta_.setZero(A.param_count());
  init_uniform<T>(arch_, seed, theta_);
  cache_ = Cache<T>();
  return Status::Ok();
}

template <class T>
std::vector<int> Network<T>::predict(Eigen::Ref<const Mat<T>> X) {
  return argmax_columns<T>(predict_proba(X));
}

#define BPL_INSTANTIATE(T)                                                                                     \
  template void init_uniform<T>(const Architecture&, std::uint64_t, Eigen::Ref<Vec<T>>);                    \
  template Mat<T> one_hot<T>(const std::vector<int>&, int);                                                 \
  template void forward<T>(const Architecture&, Eigen::Ref<const Vec<T>>, Eigen::Ref<const Mat<T>>, Cache<T>&); \
  template T cost_and_gradient<T>(const Architecture&, Eigen::Ref<const Vec<T>>, Eigen::Ref<const Mat<T>>,   \
                                  Eigen::Ref<const Mat<T>>, T, Index, Vec<T>*, Cache<T>&);                  \
  template T data_loss<T>(OutputKind, Eigen::Ref<const Mat<T>>, Eigen::Ref<const Mat<T>>);                  \
  template std::vector<int> argmax_columns<T>(Eigen::Ref<const Mat<T>>);                                    \
  template class Network<T>;

BPL_INSTANTIATE(float)
BPL_INSTANTIATE(double)

}  // namespace bpl
