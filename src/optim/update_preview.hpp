// The parameter update an optimizer WOULD make from one gradient g, computed without touching
// the optimizer (the Backprop panel shows it for a single example and can apply it).
//
//   SGD:       dx = -lr g
//   Momentum:  dx = v' = mu v - lr g                        (v: the optimizer's current velocity)
//   Adam:      m' = b1 m + (1-b1) g,  v' = b2 v + (1-b2) g.^2,  t' = t + 1
//              dx = -lr (m' / (1 - b1^t')) ./ (sqrt(v' / (1 - b2^t')) + eps)
//   CG:        dx = -alpha0 g, alpha0 = 1 / (1 + g'g)       (fmincg's first trial step at a restart)
//   L-BFGS:    dx = -alpha0 g, alpha0 = min(1, 1 / |g|)     (first trial step with no curvature pairs)
// CG and L-BFGS really take a line-searched step along a direction built from the whole training
// set; one example has no line search of its own, so the preview is the steepest-descent step
// times the line search's first trial step (the step an edit of the weights restarts them with).
// Each optimizer's preview lives beside its entry in optim/optimizer_registry.cpp and uses the
// same update maths as the optimizer itself (optim/update_rules.hpp).
#pragma once
#include <string>

#include "core/types.hpp"
#include "optim/optimizer.hpp"

namespace bpl {

struct UpdateRule {
  OptimizerConfig cfg;          // kind and hyperparameters
  // Optimizer state the update depends on (empty vectors: the state is zero, e.g. not started).
  VecD velocity;                // Momentum: v
  VecD adam_m, adam_v;          // Adam: first and second moments
  long long adam_t = 0;         // Adam: steps taken so far (t)
  bool state_from_optimizer = false;  // true when velocity / moments were read from the live optimizer
};

struct UpdatePreview {
  VecD delta;                   // dx: the change to every parameter (flat layout)
  double step_size = 0;         // lr (SGD/Momentum/Adam) or alpha0 (CG/L-BFGS)
  std::string formula;          // the rule in the maths' notation, e.g. "Δθ = −η g"
  std::string note;             // what the preview assumes (state used, CG/L-BFGS caveat)
};

// Never fails: sizes of rule state that do not match g are treated as zero state (and said so).
UpdatePreview preview_update(const UpdateRule& rule, const VecD& g);

// For the previews: the state s when it has n entries, else n zeros (and *zero set to true).
VecD preview_state(const VecD& s, Index n, bool* zero);

}  // namespace bpl
