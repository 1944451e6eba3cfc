#include "optim/update_preview.hpp"

#include <algorithm>
#include <cmath>

namespace bpl {

namespace {

// State of the right size, or zeros (with a note) when there is none.
VecD state_or_zero(const VecD& s, Index n, bool* zero) {
  if (s.size() == n) return s;
  *zero = true;
  return VecD::Zero(n);
}

UpdatePreview momentum(const UpdateRule& r, const VecD& g) {
  UpdatePreview p;
  bool zero = false;
  const VecD v = state_or_zero(r.velocity, g.size(), &zero);
  p.step_size = r.cfg.learning_rate;
  p.delta = r.cfg.momentum * v - r.cfg.learning_rate * g;   // v' = mu v - lr g; dx = v'
  p.formula = "v \u2190 \u03BC v \u2212 \u03B7 g,   \u0394\u03B8 = v";
  p.note = zero ? "velocity v = 0 (the optimizer has not started yet)"
                : "v is the optimizer's current velocity (its memory of earlier minibatches)";
  return p;
}

UpdatePreview adam(const UpdateRule& r, const VecD& g) {
  UpdatePreview p;
  bool zero = false;
  const VecD m0 = state_or_zero(r.adam_m, g.size(), &zero);
  const VecD v0 = state_or_zero(r.adam_v, g.size(), &zero);
  const long long t = (zero ? 0 : r.adam_t) + 1;
  const double b1 = r.cfg.beta1, b2 = r.cfg.beta2;
  const VecD m = b1 * m0 + (1 - b1) * g;
  const VecD v = b2 * v0 + (1 - b2) * g.cwiseAbs2();
  const double c1 = 1 - std::pow(b1, double(t)), c2 = 1 - std::pow(b2, double(t));
  p.step_size = r.cfg.learning_rate;
  p.delta = (-r.cfg.learning_rate * (m.array() / c1) / ((v.array() / c2).sqrt() + r.cfg.epsilon)).matrix();
  p.formula = "m \u2190 \u03B2\u2081m + (1\u2212\u03B2\u2081)g,  v \u2190 \u03B2\u2082v + (1\u2212\u03B2\u2082)g\u00B2,  "
              "\u0394\u03B8 = \u2212\u03B7 [m/(1\u2212\u03B2\u2081^t)] / (\u221A[v/(1\u2212\u03B2\u2082^t)] + \u03B5)";
  p.note = zero ? "from zero moments (t = 1): one bias-corrected step, as Adam's first step"
                : "from the optimizer's current moments m, v (step t = " + std::to_string(t) + ")";
  return p;
}

}  // namespace

UpdatePreview preview_update(const UpdateRule& r, const VecD& g) {
  switch (r.cfg.kind) {
    case OptimizerKind::SGD: {
      UpdatePreview p;
      p.step_size = r.cfg.learning_rate;
      p.delta = -r.cfg.learning_rate * g;
      p.formula = "\u0394\u03B8 = \u2212\u03B7 g";
      p.note = "plain gradient descent on this one example";
      return p;
    }
    case OptimizerKind::Momentum: return momentum(r, g);
    case OptimizerKind::Adam: return adam(r, g);
    case OptimizerKind::CG:
    case OptimizerKind::LBFGS: {
      UpdatePreview p;
      const double gg = g.squaredNorm();
      const bool cg = r.cfg.kind == OptimizerKind::CG;
      p.step_size = cg ? 1.0 / (1.0 + gg) : (gg > 0 ? std::min(1.0, 1.0 / std::sqrt(gg)) : 1.0);
      p.delta = -p.step_size * g;
      p.formula = cg ? "\u0394\u03B8 = \u2212\u03B1\u2080 g,  \u03B1\u2080 = 1/(1 + g\u00B7g)"
                     : "\u0394\u03B8 = \u2212\u03B1\u2080 g,  \u03B1\u2080 = min(1, 1/\u2016g\u2016)";
      p.note = std::string(cg ? "Conjugate gradient" : "L-BFGS") +
               " searches along a direction built from the whole training set; one example has no "
               "line search of its own, so this is the steepest-descent step times the line search's "
               "first trial step";
      return p;
    }
  }
  return UpdatePreview{VecD::Zero(g.size()), 0, "", ""};
}

}  // namespace bpl
