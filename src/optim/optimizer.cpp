#include "optim/optimizer.hpp"

#include <cmath>
#include <cstdio>
#include <string>

#include "core/names.hpp"
#include "optim/cg.hpp"
#include "optim/lbfgs.hpp"
#include "optim/sgd.hpp"

namespace bpl {

const char* to_string(OptimizerKind k) {
  switch (k) {
    case OptimizerKind::CG: return "cg";
    case OptimizerKind::LBFGS: return "lbfgs";
    case OptimizerKind::SGD: return "sgd";
    case OptimizerKind::Momentum: return "momentum";
    case OptimizerKind::Adam: return "adam";
  }
  return "?";
}

bool parse_optimizer(std::string_view s, OptimizerKind* out) {
  return parse_name(s, {OptimizerKind::CG, OptimizerKind::LBFGS, OptimizerKind::SGD, OptimizerKind::Momentum,
                        OptimizerKind::Adam}, out);
}

bool is_minibatch(OptimizerKind k) {
  return k == OptimizerKind::SGD || k == OptimizerKind::Momentum || k == OptimizerKind::Adam;
}

double default_learning_rate(OptimizerKind k) {
  switch (k) {
    case OptimizerKind::SGD: return 0.5;
    case OptimizerKind::Momentum: return 0.1;
    case OptimizerKind::Adam: return 1e-3;
    default: return 1e-3;  // unused by CG / L-BFGS
  }
}

OptimizerConfig OptimizerConfig::for_kind(OptimizerKind k) {
  OptimizerConfig c;
  c.kind = k;
  c.learning_rate = default_learning_rate(k);
  if (k == OptimizerKind::LBFGS) c.wolfe_c2 = 0.9;
  return c;
}

OptimizerConfig OptimizerConfig::switched_to(OptimizerKind k) const {
  if (k == kind) return *this;
  OptimizerConfig c = *this;
  const OptimizerConfig def = for_kind(k);
  c.kind = k;
  c.learning_rate = def.learning_rate;
  c.wolfe_c2 = def.wolfe_c2;
  return c;
}

namespace {
bool finite_in(double v, double lo, double hi) { return std::isfinite(v) && v >= lo && v <= hi; }
// "<field> must be <requirement> (got <value>)"; <value> printed as an ostream would (%g, %d).
// (snprintf, not std::ostringstream: the browser build carries no iostreams/locale, issue 17.)
Status invalid_text(const char* field, const char* requirement, const char* got) {
  return Status::Error(std::string(field) + " must be " + requirement + " (got " + got + ")");
}
Status invalid(const char* field, const char* requirement, double got) {
  char b[32];
  std::snprintf(b, sizeof b, "%g", got);
  return invalid_text(field, requirement, b);
}
Status invalid(const char* field, const char* requirement, int got) {
  return invalid_text(field, requirement, std::to_string(got).c_str());
}
}  // namespace

bool OptimizerConfig::operator==(const OptimizerConfig& o) const {
  return kind == o.kind && learning_rate == o.learning_rate && batch_size == o.batch_size && momentum == o.momentum &&
         beta1 == o.beta1 && beta2 == o.beta2 && epsilon == o.epsilon && shuffle_seed == o.shuffle_seed &&
         lbfgs_memory == o.lbfgs_memory && max_line_search == o.max_line_search && wolfe_c1 == o.wolfe_c1 &&
         wolfe_c2 == o.wolfe_c2;
}

Status OptimizerConfig::validate() const {
  switch (kind) {
    case OptimizerKind::CG: case OptimizerKind::LBFGS: case OptimizerKind::SGD:
    case OptimizerKind::Momentum: case OptimizerKind::Adam: break;
    default: return invalid("kind", "one of cg, lbfgs, sgd, momentum, adam", static_cast<int>(kind));
  }
  if (!(std::isfinite(learning_rate) && learning_rate > 0))
    return invalid("learning_rate", "a finite number > 0", learning_rate);
  if (batch_size < 1 || batch_size > 65536) return invalid("batch_size", "an integer in 1..65536", batch_size);
  if (!(finite_in(momentum, 0, 1) && momentum < 1)) return invalid("momentum", "a finite number in [0, 1)", momentum);
  if (!(finite_in(beta1, 0, 1) && beta1 < 1)) return invalid("beta1", "a finite number in [0, 1)", beta1);
  if (!(finite_in(beta2, 0, 1) && beta2 < 1)) return invalid("beta2", "a finite number in [0, 1)", beta2);
  if (!(std::isfinite(epsilon) && epsilon > 0)) return invalid("epsilon", "a finite number > 0", epsilon);
  if (lbfgs_memory < 1 || lbfgs_memory > 100) return invalid("lbfgs_memory", "an integer in 1..100", lbfgs_memory);
  if (max_line_search < 1 || max_line_search > 1000)
    return invalid("max_line_search", "an integer in 1..1000", max_line_search);
  if (!(std::isfinite(wolfe_c1) && wolfe_c1 > 0 && wolfe_c1 < 1))
    return invalid("wolfe_c1", "a finite number in (0, 1)", wolfe_c1);
  if (!(std::isfinite(wolfe_c2) && wolfe_c2 > wolfe_c1 && wolfe_c2 < 1))
    return invalid("wolfe_c2", "a finite number in (wolfe_c1, 1)", wolfe_c2);
  return Status::Ok();
}

std::string OptimizerConfig::describe() const {
  char b[256] = "";
  const unsigned long long seed = shuffle_seed;
  switch (kind) {
    case OptimizerKind::CG:
      std::snprintf(b, sizeof b, " c1=%g c2=%g max_ls=%d", wolfe_c1, wolfe_c2, max_line_search);
      break;
    case OptimizerKind::LBFGS:
      std::snprintf(b, sizeof b, " m=%d c1=%g c2=%g max_ls=%d", lbfgs_memory, wolfe_c1, wolfe_c2, max_line_search);
      break;
    case OptimizerKind::SGD:
      std::snprintf(b, sizeof b, " lr=%g batch=%d seed=%llu", learning_rate, batch_size, seed);
      break;
    case OptimizerKind::Momentum:
      std::snprintf(b, sizeof b, " lr=%g mu=%g batch=%d seed=%llu", learning_rate, momentum, batch_size, seed);
      break;
    case OptimizerKind::Adam:
      std::snprintf(b, sizeof b, " lr=%g batch=%d beta1=%g beta2=%g eps=%g seed=%llu", learning_rate, batch_size,
                    beta1, beta2, epsilon, seed);
      break;
  }
  return to_string(kind) + std::string(b);
}

template <class T>
std::unique_ptr<Optimizer<T>> make_optimizer(const OptimizerConfig& cfg, Status* err) {
  Status st = cfg.validate();
  if (err) *err = st;
  if (!st.ok()) return nullptr;
  switch (cfg.kind) {
    case OptimizerKind::CG: return std::make_unique<ConjugateGradient<T>>(cfg);
    case OptimizerKind::LBFGS: return std::make_unique<Lbfgs<T>>(cfg);
    case OptimizerKind::SGD: return std::make_unique<Sgd<T>>(cfg);
    case OptimizerKind::Momentum: return std::make_unique<Momentum<T>>(cfg);
    case OptimizerKind::Adam: return std::make_unique<Adam<T>>(cfg);
  }
  if (err) *err = Status::Error("unknown optimizer kind");
  return nullptr;
}

template std::unique_ptr<Optimizer<float>> make_optimizer<float>(const OptimizerConfig&, Status*);
template std::unique_ptr<Optimizer<double>> make_optimizer<double>(const OptimizerConfig&, Status*);

}  // namespace bpl
