#include "app/race.hpp"

#include <cstdio>

#include "app/app_state.hpp"
#include "optim/optimizer_registry.hpp"
#include "train/config_json.hpp"

namespace bpl {

Status RaceSetup::validate() const {
  const int n = static_cast<int>(optimizers.size());
  if (n < Race::kMinRunners || n > Race::kMaxRunners)
    return Status::Error("a race needs 2 to 5 optimizers (got " + std::to_string(n) + ")");
  for (std::size_t i = 0; i < optimizers.size(); ++i) {
    const Status s = optimizers[i].validate();
    if (!s.ok()) return Status::Error("optimizer " + std::to_string(i + 1) + ": " + s.message());
  }
  if (max_iterations < 1 || max_iterations > 100000) return Status::Error("max_iterations must be in 1..100000");
  return Status::Ok();
}

RaceSetup default_race_setup() {
  RaceSetup s;
  s.optimizers = {OptimizerConfig::for_kind(OptimizerKind::CG), OptimizerConfig::for_kind(OptimizerKind::LBFGS),
                  OptimizerConfig::for_kind(OptimizerKind::Adam)};
  return s;
}

namespace {

bool is_optimizer_key(const std::string& k) {
  static const char* kKeys[] = {"optimizer",   "learning_rate", "batch_size",      "momentum",
                                "beta1",       "beta2",         "epsilon",         "shuffle_seed",
                                "lbfgs_memory", "max_line_search", "wolfe_c1",     "wolfe_c2"};
  for (const char* key : kKeys)
    if (k == key) return true;
  return false;
}

Result<OptimizerConfig> runner_from_json(const nlohmann::json& e, std::size_t i) {
  const std::string where = "optimizers[" + std::to_string(i) + "]";
  const nlohmann::json* name = &e;
  if (e.is_object()) {
    auto it = e.find("optimizer");
    if (it == e.end()) return Status::Error(where + ": missing \"optimizer\"");
    name = &*it;
    for (auto kv = e.begin(); kv != e.end(); ++kv)
      if (!is_optimizer_key(kv.key()))
        return Status::Error(where + ": \"" + kv.key() + "\" is not an optimizer setting (a race keeps the main network's)");
  }
  OptimizerKind k;
  if (!name->is_string() || !parse_optimizer(name->get_ref<const std::string&>(), &k))
    return Status::Error(where + ": the optimizer must be " + optimizer_ids(", ", " or ", "\"") + " (got " +
                         jsonv::describe(*name) + ")");
  TrainConfig base;
  base.optim = OptimizerConfig::for_kind(k);
  if (!e.is_object()) return base.optim;
  Result<TrainConfig> c = config_from_json(e, base);
  if (!c.ok()) return Status::Error(where + ": " + c.message());
  return c.value.optim;
}

}  // namespace

Result<RaceSetup> race_setup_from_json(const nlohmann::json& j) {
  if (!j.is_object()) return Status::Error("race: expected an object {optimizers: [...]}");
  RaceSetup s;
  for (auto kv = j.begin(); kv != j.end(); ++kv)
    if (kv.key() != "optimizers" && kv.key() != "max_iterations")
      return Status::Error("race: unknown key \"" + kv.key() + "\" (optimizers, max_iterations)");
  auto opts = j.find("optimizers");
  if (opts == j.end() || !opts->is_array()) return Status::Error("race: \"optimizers\" must be an array of 2 to 5 optimizers");
  for (std::size_t i = 0; i < opts->size(); ++i) {
    Result<OptimizerConfig> o = runner_from_json((*opts)[i], i);
    if (!o.ok()) return o.status;
    s.optimizers.push_back(o.value);
  }
  auto mi = j.find("max_iterations");
  if (mi != j.end()) {
    long long v = 0;
    if (!jsonv::to_int(*mi, 1, 100000, &v)) return Status::Error("race: max_iterations must be an integer in 1..100000");
    s.max_iterations = static_cast<int>(v);
  }
  const Status ok = s.validate();
  if (!ok.ok()) return Status::Error("race: " + ok.message());
  return s;
}

// The short label, then the key settings it reads in one fixed order: lr mu b m.
std::string race_label(const OptimizerConfig& o) {
  using S = OptimizerSetting;
  const OptimizerInfo& info = optimizer_info(o.kind);
  return SettingsText(info, info.short_label)
      .add(S::LearningRate, " lr=%g", o.learning_rate)
      .add(S::Momentum, " mu=%g", o.momentum)
      .add(S::BatchSize, " b=%d", o.batch_size)
      .add(S::History, " m=%d", o.lbfgs_memory)
      .str();
}

Status Race::start(AppState& app, const RaceSetup& setup) {
  Status s = setup.validate();
  if (!s.ok()) return s;
  if (!app.has_data()) return Status::Error("race: the digits are not loaded yet");
  TrainConfig base = app.config();
  base.max_iterations = setup.max_iterations;
  base.early_stopping = false;
  // One fixed objective for every runner: the training split without augmented copies. With
  // them CG/L-BFGS would fit one fixed set and the minibatch family a fresh set every epoch (not
  // the same problem), and CG on the default network's five-fold data exceeds the size limit.
  base.augment = false;
  std::vector<Runner> runners;
  for (const OptimizerConfig& o : setup.optimizers) {
    TrainConfig c = base;
    c.optim = o;
    Result<SessionId> id = app.add_session(c, race_label(o));
    if (!id.ok()) {  // cannot happen after validate(); undo the runners added so far
      for (const Runner& r : runners) app.remove_session(r.session);
      return id.status;
    }
    runners.push_back({id.value, o, race_label(o)});
  }
  clear(app);
  runners_ = std::move(runners);
  setup_ = setup;
  set_running(app, true);
  return Status::Ok();
}

void Race::set_running(AppState& app, bool on) {
  ++version_;
  for (const Runner& r : runners_) {
    const Session* s = app.session(r.session);
    if (s && (!on || !s->trainer.stopped())) app.set_session_training(r.session, on);
  }
}

void Race::reset(AppState& app) {
  ++version_;
  set_running(app, false);
  for (const Runner& r : runners_) app.reset_session(r.session);
}

void Race::clear(AppState& app) {
  ++version_;
  for (const Runner& r : runners_) app.remove_session(r.session);
  runners_.clear();
}

bool Race::running(const AppState& app) const {
  for (const Runner& r : runners_) {
    const Session* s = app.session(r.session);
    if (s && s->training) return true;
  }
  return false;
}

bool Race::finished(const AppState& app) const {
  if (runners_.empty()) return false;
  for (const Runner& r : runners_) {
    const Session* s = app.session(r.session);
    if (s && !s->trainer.stopped()) return false;
  }
  return true;
}

}  // namespace bpl
