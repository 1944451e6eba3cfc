#include "optim/optimizer_registry.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>

#include "optim/cg.hpp"
#include "optim/lbfgs.hpp"
#include "optim/sgd.hpp"
#include "optim/update_preview.hpp"
#include "optim/update_rules.hpp"

namespace bpl {

namespace {

template <template <class> class O, class T>
std::unique_ptr<Optimizer<T>> make(const OptimizerConfig& c) {
  return std::make_unique<O<T>>(c);
}

// ---------------------------------------------------------------- CG and L-BFGS
// One example has no line search of its own: the preview is the steepest-descent step times the
// line search's first trial step alpha0.
UpdatePreview first_trial_step(const VecD& g, double alpha0, const char* formula, const char* name) {
  UpdatePreview p;
  p.step_size = alpha0;
  p.delta = -p.step_size * g;
  p.formula = formula;
  p.note = std::string(name) +
           " searches along a direction built from the whole training set; one example has no "
           "line search of its own, so this is the steepest-descent step times the line search's "
           "first trial step";
  return p;
}

// dx = -alpha0 g, alpha0 = 1 / (1 + g'g)   (fmincg's first trial step at a restart)
UpdatePreview preview_cg(const UpdateRule&, const VecD& g) {
  return first_trial_step(g, 1.0 / (1.0 + g.squaredNorm()),
                          "\u0394\u03B8 = \u2212\u03B1\u2080 g,  \u03B1\u2080 = 1/(1 + g\u00B7g)", "Conjugate gradient");
}

// dx = -alpha0 g, alpha0 = min(1, 1 / |g|)   (first trial step with no curvature pairs)
UpdatePreview preview_lbfgs(const UpdateRule&, const VecD& g) {
  const double gg = g.squaredNorm();
  return first_trial_step(g, gg > 0 ? std::min(1.0, 1.0 / std::sqrt(gg)) : 1.0,
                          "\u0394\u03B8 = \u2212\u03B1\u2080 g,  \u03B1\u2080 = min(1, 1/\u2016g\u2016)", "L-BFGS");
}

constexpr const char* kLineSearchStep =
    "CG and L-BFGS search along a direction built from the whole training set; this is their first "
    "trial step along the plain gradient.";

// ---------------------------------------------------------------- SGD
// dx = -lr g
UpdatePreview preview_sgd(const UpdateRule& r, const VecD& g) {
  UpdatePreview p;
  p.step_size = r.cfg.learning_rate;
  p.delta = -r.cfg.learning_rate * g;
  p.formula = "\u0394\u03B8 = \u2212\u03B7 g";
  p.note = "plain gradient descent on this one example";
  return p;
}

// ---------------------------------------------------------------- Momentum
// v' = mu v - lr g; dx = v'   (v: the optimizer's current velocity)
UpdatePreview preview_momentum(const UpdateRule& r, const VecD& g) {
  UpdatePreview p;
  bool zero = false;
  VecD v = preview_state(r.velocity, g.size(), &zero);
  momentum_update(v, g, r.cfg.momentum, r.cfg.learning_rate);
  p.step_size = r.cfg.learning_rate;
  p.delta = v;
  p.formula = "v \u2190 \u03BC v \u2212 \u03B7 g,   \u0394\u03B8 = v";
  p.note = zero ? "velocity v = 0 (the optimizer has not started yet)"
                : "v is the optimizer's current velocity (its memory of earlier minibatches)";
  return p;
}

void read_momentum_state(const Optimizer<float>& opt, UpdateRule* r) {
  const auto* mom = dynamic_cast<const Momentum<float>*>(&opt);
  if (!mom || !mom->started()) return;
  r->velocity = mom->velocity().cast<double>();
  r->state_from_optimizer = true;
}

// ---------------------------------------------------------------- Adam
// m' = b1 m + (1-b1) g,  v' = b2 v + (1-b2) g.^2,  t' = t + 1
// dx = -lr (m' / (1 - b1^t')) ./ (sqrt(v' / (1 - b2^t')) + eps)
UpdatePreview preview_adam(const UpdateRule& r, const VecD& g) {
  UpdatePreview p;
  bool zero = false;
  VecD m = preview_state(r.adam_m, g.size(), &zero);
  VecD v = preview_state(r.adam_v, g.size(), &zero);
  const long long t = (zero ? 0 : r.adam_t) + 1;
  const double b1 = r.cfg.beta1, b2 = r.cfg.beta2;
  adam_moments(m, v, g, b1, b2);
  const double b1t = std::pow(b1, double(t)), b2t = std::pow(b2, double(t));
  p.step_size = r.cfg.learning_rate;
  p.delta = (-adam_step_size(m, v, r.cfg.learning_rate, r.cfg.epsilon, b1t, b2t)).matrix();
  p.formula = "m \u2190 \u03B2\u2081m + (1\u2212\u03B2\u2081)g,  v \u2190 \u03B2\u2082v + (1\u2212\u03B2\u2082)g\u00B2,  "
              "\u0394\u03B8 = \u2212\u03B7 [m/(1\u2212\u03B2\u2081^t)] / (\u221A[v/(1\u2212\u03B2\u2082^t)] + \u03B5)";
  p.note = zero ? "from zero moments (t = 1): one bias-corrected step, as Adam's first step"
                : "from the optimizer's current moments m, v (step t = " + std::to_string(t) + ")";
  return p;
}

void read_adam_state(const Optimizer<float>& opt, UpdateRule* r) {
  const auto* adam = dynamic_cast<const Adam<float>*>(&opt);
  if (!adam || !adam->started()) return;
  r->adam_m = adam->first_moment().cast<double>();
  r->adam_v = adam->second_moment().cast<double>();
  r->adam_t = adam->steps();
  r->state_from_optimizer = true;
}

// ---------------------------------------------------------------- the table
using S = OptimizerSetting;
constexpr unsigned kMinibatch = S::LearningRate | S::BatchSize | S::ShuffleSeed;

constexpr OptimizerInfo kOptimizers[] = {
    {OptimizerKind::CG, "cg", "Conjugate gradient", "CG",
     "Nonlinear conjugate gradient (like Ng's fmincg): each iteration uses the gradient over the "
     "whole training set and a line search that picks the step size, so there is no learning rate.",
     false, 1e-3, 0.1, S::LineSearch, 3, 0, make<ConjugateGradient, float>,
     preview_cg, nullptr, false, kLineSearchStep},
    {OptimizerKind::LBFGS, "lbfgs", "L-BFGS", "L-BFGS",
     "L-BFGS: a quasi-Newton method. It remembers the last few gradient changes to estimate the "
     "curvature, then line-searches along that direction. Full-batch, no learning rate.",
     false, 1e-3, 0.9, S::History | S::LineSearch, 2, 2, make<Lbfgs, float>, preview_lbfgs,
     nullptr, false, kLineSearchStep},
    {OptimizerKind::SGD, "sgd", "SGD (minibatch)", "SGD",
     "Stochastic gradient descent: step against the gradient of a small random batch, "
     "w ← w − lr·g. Many cheap, noisy steps per pass over the data (epoch).",
     true, 0.5, 0.1, kMinibatch, 0, 0, make<Sgd, float>, preview_sgd, nullptr, false,
     "SGD takes exactly this step."},
    {OptimizerKind::Momentum, "momentum", "SGD + momentum", "Momentum",
     "SGD with momentum: a velocity accumulates past gradients, v ← μv − lr·g; w ← w + v. "
     "It speeds up along consistent directions and damps zig-zags.",
     true, 0.1, 0.1, kMinibatch | S::Momentum, 1, 0, make<Momentum, float>,
     preview_momentum, read_momentum_state, true,
     "Momentum adds this gradient to a velocity built from earlier minibatches, so its step "
     "also carries where the earlier gradients pointed."},
    {OptimizerKind::Adam, "adam", "Adam", "Adam",
     "Adam: SGD with per-weight step sizes from running averages of the gradient (β₁) and of "
     "its square (β₂). Usually works well with the default learning rate 0.001.",
     true, 1e-3, 0.1, kMinibatch | S::AdamMoments, 2, 0, make<Adam, float>, preview_adam,
     read_adam_state, true,
     "Adam divides by a running size of each parameter's gradients, so every parameter moves about "
     "\u03B7 whatever its gradient's size, in the direction averaged over earlier minibatches."},
};

// The double versions, in the order of kOptimizers (the engine's unit tests run the optimizers in
// double; the page and the CLI never do). They stay out of the entries so that a program that
// never makes a double optimizer does not link them: in the page's module they were 29 KB.
constexpr OptimizerFactory<double> kDoubleFactories[] = {
    make<ConjugateGradient, double>, make<Lbfgs, double>, make<Sgd, double>, make<Momentum, double>, make<Adam, double>,
};
static_assert(std::size(kDoubleFactories) == std::size(kOptimizers), "one double factory per optimizer, in order");

UpdatePreview preview_nothing(const UpdateRule&, const VecD& g) { return UpdatePreview{VecD::Zero(g.size()), 0, "", ""}; }

// Stands in for a kind outside the table (as to_string's "?" did).
constexpr OptimizerInfo kUnknown = {OptimizerKind::CG, "?", "?", "?", "", false, 1e-3, 0.1, 0, 0, 0, nullptr,
                                preview_nothing, nullptr, false, ""};

}  // namespace

std::unique_ptr<Optimizer<double>> make_double_optimizer(const OptimizerInfo& info, const OptimizerConfig& c) {
  const std::ptrdiff_t i = &info - std::begin(kOptimizers);
  if (i < 0 || i >= static_cast<std::ptrdiff_t>(std::size(kOptimizers))) return nullptr;
  return kDoubleFactories[i](c);
}

OptimizerConfig OptimizerInfo::defaults() const {
  OptimizerConfig c;
  c.kind = kind;
  c.learning_rate = learning_rate;
  c.wolfe_c2 = wolfe_c2;
  return c;
}

OptimizerList optimizers() { return {std::begin(kOptimizers), std::end(kOptimizers)}; }

const OptimizerInfo& optimizer_info(OptimizerKind k) {
  for (const OptimizerInfo& o : kOptimizers)
    if (o.kind == k) return o;
  return kUnknown;
}

bool is_registered(OptimizerKind k) { return &optimizer_info(k) != &kUnknown; }

const OptimizerInfo* find_optimizer(std::string_view id) {
  for (const OptimizerInfo& o : kOptimizers)
    if (id == o.id) return &o;
  return nullptr;
}

std::string optimizer_ids(const char* separator, const char* last_separator, const char* quote) {
  std::string s;
  const std::size_t n = optimizers().size();
  for (std::size_t i = 0; i < n; ++i) {
    if (i > 0) s += i + 1 == n ? last_separator : separator;
    s += std::string(quote) + kOptimizers[i].id + quote;
  }
  return s;
}

}  // namespace bpl
