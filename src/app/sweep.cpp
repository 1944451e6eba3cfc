#include "app/sweep.hpp"

#include <algorithm>
#include <cmath>

#include <cstdio>

#include "app/app_state.hpp"
#include "core/names.hpp"

namespace bpl {

const char* to_string(SweepKind k) { return k == SweepKind::Lambda ? "lambda" : "train_size"; }

bool parse_sweep_kind(std::string_view s, SweepKind* out) {
  return parse_name(s, {SweepKind::Lambda, SweepKind::TrainSize}, out);
}

Status SweepOptions::validate() const {
  if (values.empty() || values.size() > 20) return Status::Error("a sweep needs 1..20 values");
  for (double v : values) {
    if (!std::isfinite(v)) return Status::Error("sweep values must be finite numbers");
    if (kind == SweepKind::Lambda && (v < 0 || v > 1e6)) return Status::Error("lambda values must be in 0..1e6");
    if (kind == SweepKind::TrainSize && (v <= 0 || v > 1))
      return Status::Error("training fractions must be in (0, 1]");
  }
  if (iterations < 1 || iterations > 2000) return Status::Error("iterations must be in 1..2000");
  return Status::Ok();
}

std::vector<double> sweep_values(SweepKind kind, double lo, double hi, int n) {
  std::vector<double> v;
  n = std::max(1, n);
  for (int i = 0; i < n; ++i) {
    const double t = n == 1 ? 1.0 : static_cast<double>(i) / (n - 1);
    if (kind == SweepKind::Lambda && lo > 0 && hi > 0)
      v.push_back(std::pow(10.0, std::log10(lo) + t * (std::log10(hi) - std::log10(lo))));
    else
      v.push_back(lo + t * (hi - lo));
  }
  return v;
}

Status Sweep::start(AppState& app, const SweepOptions& opt) {
  if (!app.has_data()) return Status::Error("no data loaded yet");
  if (Status s = opt.validate(); !s.ok()) return s;
  TrainConfig cfg = app.config();
  cfg.max_iterations = opt.iterations;
  cfg.early_stopping = false;
  if (Status s = cfg.validate(); !s.ok()) return s;
  cancel(app);
  opt_ = opt;
  base_ = cfg;
  points_.assign(opt.values.size(), SweepPoint());
  const double n_train = static_cast<double>(app.trainer().indices(Subset::Train).size());
  for (std::size_t i = 0; i < points_.size(); ++i) {
    points_[i].value = opt.values[i];
    const double f = opt.kind == SweepKind::TrainSize ? opt.values[i] : 1.0;   // as keep_train_subset
    points_[i].train_size = static_cast<int>(std::min(n_train, std::max(10.0, std::round(f * n_train))));
  }
  current_ = 0;
  running_ = true;
  last_error_.clear();
  ++version_;
  return Status::Ok();
}

void Sweep::cancel(AppState& app) {
  if (session_ >= 0) (void)app.remove_session(session_);
  if (running_) ++version_;
  session_ = -1;
  running_ = false;
}

double Sweep::progress() const {
  if (points_.empty()) return 0.0;
  double done = 0;
  for (const SweepPoint& p : points_) done += p.done ? 1.0 : 0.0;
  if (running_) done += std::min(1.0, static_cast<double>(current_iterations_) / opt_.iterations);
  return done / static_cast<double>(points_.size());
}

// The current point's run: the base config with lambda or the training subset changed.
Status Sweep::begin_point(AppState& app) {
  TrainConfig cfg = base_;
  SweepPoint& p = points_[static_cast<std::size_t>(current_)];
  char label[64];
  if (opt_.kind == SweepKind::Lambda) {
    cfg.lambda = p.value;
    std::snprintf(label, sizeof label, "sweep lambda=%g", p.value);
  } else {
    cfg.train_subset = p.value;
    std::snprintf(label, sizeof label, "sweep train=%.0f%%", 100.0 * p.value);
  }
  Result<SessionId> id = app.add_session(cfg, label);
  if (!id.ok()) return id.status;
  session_ = id.value;
  current_iterations_ = 0;
  p.train_size = static_cast<int>(app.session(session_)->trainer.indices(Subset::Train).size());
  app.set_session_training(session_, true);
  return Status::Ok();
}

void Sweep::finish_point(AppState& app) {
  SweepPoint& p = points_[static_cast<std::size_t>(current_)];
  const Trainer& t = app.session(session_)->trainer;
  if (!t.history().empty()) {
    const HistoryPoint& h = t.history().back();
    p.train_accuracy = h.train.accuracy;
    p.validation_accuracy = h.validation.accuracy;
    p.train_loss = h.train.loss;
    p.validation_loss = h.validation.loss;
  }
  // In the limit's unit, as the options: iterations (CG, L-BFGS) or epochs (the minibatch family).
  p.iterations = is_minibatch(t.config().optim.kind) ? static_cast<int>(std::lround(t.epoch())) : t.iteration();
  p.ms = t.elapsed_ms();
  p.done = true;
  (void)app.remove_session(session_);
  session_ = -1;
  ++version_;
  if (++current_ >= static_cast<int>(points_.size())) {
    running_ = false;
    ++runs_completed_;
  }
}

bool Sweep::update(AppState& app) {
  if (!running_) return false;
  if (session_ < 0) {
    if (Status s = begin_point(app); !s.ok()) {   // e.g. the data went away: stop, say why
      last_error_ = s.message();
      app.set_error("sweep: " + s.message());
      cancel(app);
    }
    return true;
  }
  const Session* s = app.session(session_);
  if (!s) {   // removed behind our back
    cancel(app);
    return true;
  }
  // progress in the limit's unit: iterations (CG, L-BFGS) or epochs (the minibatch family)
  const int iterations = is_minibatch(s->trainer.config().optim.kind) ? static_cast<int>(s->trainer.epoch())
                                                                      : s->trainer.iteration();
  if (iterations != current_iterations_) ++version_;
  current_iterations_ = iterations;
  if (!s->trainer.stopped()) {
    if (!s->training) app.set_session_training(session_, true);   // keep it going
    return false;
  }
  finish_point(app);
  return true;
}

}  // namespace bpl
