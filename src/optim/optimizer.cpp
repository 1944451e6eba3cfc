#include "optim/optimizer.hpp"

#include <cmath>
#include <cstdio>
#include <string>

#include "optim/optimizer_registry.hpp"

namespace bpl {

const char* to_string(OptimizerKind k) { return optimizer_info(k).id; }

bool parse_optimizer(std::string_view s, OptimizerKind* out) {
  const OptimizerInfo* o = find_optimizer(s);
  if (o) *out = o->kind;
  return o != nullptr;
}

bool is_minibatch(OptimizerKind k) { return optimizer_info(k).minibatch; }

double default_learning_rate(OptimizerKind k) { return optimizer_info(k).learning_rate; }

OptimizerConfig OptimizerConfig::for_kind(OptimizerKind k) {
  OptimizerConfig c = optimizer_info(k).defaults();
  c.kind = k;
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
  if (!is_registered(kind))
    return invalid("kind", ("one of " + optimizer_ids(", ", ", ")).c_str(), static_cast<int>(kind));
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

// The settings kind reads, in one fixed order: lr mu batch beta1 beta2 eps seed m c1 c2 max_ls.
std::string OptimizerConfig::describe() const {
  using S = OptimizerSetting;
  const OptimizerInfo& o = optimizer_info(kind);
  return SettingsText(o, o.id)
      .add(S::LearningRate, " lr=%g", learning_rate)
      .add(S::Momentum, " mu=%g", momentum)
      .add(S::BatchSize, " batch=%d", batch_size)
      .add(S::AdamMoments, " beta1=%g", beta1)
      .add(S::AdamMoments, " beta2=%g", beta2)
      .add(S::AdamMoments, " eps=%g", epsilon)
      .add(S::ShuffleSeed, " seed=%llu", static_cast<unsigned long long>(shuffle_seed))
      .add(S::History, " m=%d", lbfgs_memory)
      .add(S::LineSearch, " c1=%g", wolfe_c1)
      .add(S::LineSearch, " c2=%g", wolfe_c2)
      .add(S::LineSearch, " max_ls=%d", max_line_search)
      .str();
}

template <class T>
std::unique_ptr<Optimizer<T>> make_optimizer(const OptimizerConfig& cfg, Status* err) {
  Status st = cfg.validate();
  if (err) *err = st;
  if (!st.ok()) return nullptr;
  return optimizer_info(cfg.kind).make<T>(cfg);
}

template std::unique_ptr<Optimizer<float>> make_optimizer<float>(const OptimizerConfig&, Status*);
template std::unique_ptr<Optimizer<double>> make_optimizer<double>(const OptimizerConfig&, Status*);

}  // namespace bpl
