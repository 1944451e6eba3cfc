#include "train/trainer.hpp"

#include <chrono>
#include <cmath>

namespace bpl {

namespace {
double now_ms() {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now().time_since_epoch()).count();
}
bool finite(double v) { return std::isfinite(v); }
}  // namespace

const char* to_string(Subset s) {
  switch (s) {
    case Subset::Train: return "train";
    case Subset::Validation: return "validation";
    case Subset::Test: return "test";
  }
  return "?";
}

const char* to_string(StopReason r) {
  switch (r) {
    case StopReason::None: return "running";
    case StopReason::MaxIterations: return "reached the iteration limit";
    case StopReason::Converged: return "converged";
    case StopReason::EarlyStopped: return "early stopping (validation loss stopped improving)";
    case StopReason::Diverged: return "diverged (the cost is not a finite number: lower the learning rate and reset)";
  }
  return "?";
}

Status TrainConfig::validate() const {
  Status s = arch.validate();
  if (!s.ok()) return s;
  if (arch.inputs != kPixels || arch.outputs != kClasses)
    return Status::Error("the digits need 64 inputs and 10 outputs");
  if (!finite(lambda) || lambda < 0 || lambda > 1e6) return Status::Error("lambda must be a finite number in 0..1e6");
  s = optim.validate();
  if (!s.ok()) return s;
  s = split.validate();
  if (!s.ok()) return s;
  s = augmentation.validate();
  if (!s.ok()) return s;
  if (max_iterations < 1 || max_iterations > 100000) return Status::Error("max_iterations must be in 1..100000");
  if (patience < 1 || patience > 10000) return Status::Error("patience must be in 1..10000");
  return Status::Ok();
}

Status Trainer::setup(const Dataset& data, const TrainConfig& cfg) {
  Status s = cfg.validate();
  if (!s.ok()) return s;
  Result<Split> sp = make_split(data.size(), cfg.split);
  if (!sp.ok()) return sp.status;
  data_ = data;
  split_ = sp.value;
  cfg_ = cfg;
  MatD Xtr = gather_columns(data_.X, split_.train);
  scaler_ = cfg.scaling == Scaling::Standardize ? Scaler::fit_standardize(Xtr) : Scaler::divide16();
  const std::vector<int>* idx[3] = {&split_.train, &split_.validation, &split_.test};
  for (int k = 0; k < 3; ++k) {
    X_[k] = scaler_.apply<float>(gather_columns(data_.X, *idx[k]));
    y_[k] = gather(data_.y, *idx[k]);
    Y_[k] = one_hot<float>(y_[k], kClasses);
  }
  Xtrain_raw_ = std::move(Xtr);
  draw_training_images(0);
  s = net_.configure(cfg_.arch, cfg_.init_seed);
  if (!s.ok()) return s;
  s = build_optimizer();
  if (!s.ok()) return s;
  reset();
  return Status::Ok();
}

void Trainer::draw_training_images(int epoch) {
  drawn_epoch_ = epoch;
  if (!cfg_.augment) {
    Xfit_ = X_[0];
    Yfit_ = Y_[0];
    return;
  }
  // Same sizes every epoch: the objective keeps referring to Xfit_/Yfit_.
  Xfit_ = scaler_.apply<float>(augment_epoch(Xtrain_raw_, cfg_.augmentation, static_cast<std::uint64_t>(epoch)));
  Yfit_ = one_hot<float>(repeat_labels(y_[0], cfg_.augmentation.copies + 1), kClasses);
}

Status Trainer::build_optimizer() {
  Status err;
  std::unique_ptr<Optimizer<float>> opt = make_optimizer<float>(cfg_.optim, &err);
  if (!opt) return err;
  opt_ = std::move(opt);
  objective_ = std::make_unique<NetworkObjective<float>>(cfg_.arch, Xfit_, Yfit_, static_cast<float>(cfg_.lambda));
  return Status::Ok();
}

Status Trainer::reconfigure(const TrainConfig& cfg) {
  Status s = cfg.validate();
  if (!s.ok()) return s;
  const bool resplit = cfg.split.seed != cfg_.split.seed || cfg.split.train != cfg_.split.train ||
                       cfg.split.validation != cfg_.split.validation || cfg.scaling != cfg_.scaling ||
                       cfg.augment != cfg_.augment || (cfg.augment && cfg.augmentation != cfg_.augmentation);
  if (resplit) {
    Dataset d = data_;
    return setup(d, cfg);
  }
  const bool reinit = cfg.arch != cfg_.arch || cfg.init_seed != cfg_.init_seed;
  // Validate the optimizer before touching anything.
  Status err;
  std::unique_ptr<Optimizer<float>> opt = make_optimizer<float>(cfg.optim, &err);
  if (!opt) return err;
  cfg_ = cfg;
  if (reinit) {
    s = net_.configure(cfg_.arch, cfg_.init_seed);
    if (!s.ok()) return s;  // cannot happen: validated above
  }
  opt_ = std::move(opt);
  objective_ = std::make_unique<NetworkObjective<float>>(cfg_.arch, Xfit_, Yfit_, static_cast<float>(cfg_.lambda));
  if (reinit) {
    reset();
  } else {
    stop_ = StopReason::None;  // e.g. a higher iteration limit lets training continue
    if (epochs_done_ >= cfg_.max_iterations) stop_ = StopReason::MaxIterations;
    samples_in_epoch_ = 0;  // a new optimizer starts its first pass over the data
  }
  return Status::Ok();
}

void Trainer::reset() {
  if (drawn_epoch_ != 0) draw_training_images(0);
  net_.reinit(cfg_.init_seed);
  if (opt_) opt_->restart();
  history_.clear();
  iteration_ = 0;
  samples_in_epoch_ = 0;
  epochs_done_ = 0;
  elapsed_ms_ = 0;
  since_best_ = 0;
  best_val_loss_ = 0;
  stop_ = StopReason::None;
  last_cost_ = objective_ ? objective_->value_grad(net_.theta(), scratch_grad()) : 0.f;
  record_point();
}

float Trainer::fit_cost() {
  // The forward pass only (no gradient: the backward pass would double an epoch's work).
  return cost_and_gradient<float>(cfg_.arch, net_.theta(), Xfit_, Yfit_, static_cast<float>(cfg_.lambda), Xfit_.cols(),
                                  nullptr, cost_cache_);
}

VecF& Trainer::scratch_grad() {
  grad_.resize(net_.theta().size());
  return grad_;
}

bool Trainer::step() {
  if (stopped() || !opt_) return false;
  const double t0 = now_ms();
  StepInfo info = opt_->step(*objective_, net_.theta());
  elapsed_ms_ += now_ms() - t0;
  ++iteration_;
  const bool minibatch = is_minibatch(cfg_.optim.kind);
  // One CG/L-BFGS iteration uses the whole training set: it counts as one pass (epoch), so the
  // epoch axis stays continuous when the optimizer family changes mid-run.
  if (minibatch) samples_in_epoch_ += std::min<long long>(cfg_.optim.batch_size, Xfit_.cols());
  if (info.epoch_done || !minibatch) {
    ++epochs_done_;
    samples_in_epoch_ = 0;
  }
  if (!minibatch) last_cost_ = static_cast<float>(info.f);
  if (info.epoch_done || !minibatch) {
    if (minibatch) last_cost_ = fit_cost();
    record_point();
    if (!std::isfinite(last_cost_)) stop_ = StopReason::Diverged;
    else if (info.converged) stop_ = StopReason::Converged;
    else if (epochs_done_ >= cfg_.max_iterations) stop_ = StopReason::MaxIterations;
    else if (cfg_.early_stopping && since_best_ >= cfg_.patience) stop_ = StopReason::EarlyStopped;
  }
  if (minibatch && info.epoch_done && cfg_.augment) draw_training_images(epochs_done_);  // fresh distortions
  return !stopped();
}

double Trainer::epoch() const {
  const double frac = Xfit_.cols() > 0 ? double(samples_in_epoch_) / double(Xfit_.cols()) : 0.0;
  return epochs_done_ + std::min(frac, 0.999);
}

void Trainer::record_point() {
  HistoryPoint p;
  p.iteration = iteration_;
  p.epoch = epoch();
  p.cost = last_cost_;
  p.train = evaluate(Subset::Train);
  p.validation = evaluate(Subset::Validation);
  p.elapsed_ms = elapsed_ms_;
  if (history_.empty() || p.validation.loss < best_val_loss_) {
    best_val_loss_ = p.validation.loss;
    since_best_ = 0;
  } else {
    ++since_best_;
  }
  history_.push_back(p);
}

const std::vector<int>& Trainer::indices(Subset s) const {
  switch (s) {
    case Subset::Train: return split_.train;
    case Subset::Validation: return split_.validation;
    default: return split_.test;
  }
}
const MatF& Trainer::X(Subset s) const { return X_[static_cast<int>(s)]; }
const std::vector<int>& Trainer::y(Subset s) const { return y_[static_cast<int>(s)]; }

Metrics Trainer::evaluate(Subset s) {
  const int k = static_cast<int>(s);
  Metrics m;
  if (X_[k].cols() == 0) return m;
  const MatF& P = net_.predict_proba(X_[k]);
  m.loss = data_loss<float>(cfg_.arch.output, P, Y_[k]);
  m.accuracy = accuracy(argmax_columns<float>(P), y_[k]);
  return m;
}

std::vector<int> Trainer::predict(Subset s) { return net_.predict(X_[static_cast<int>(s)]); }

ConfusionMatrix Trainer::confusion(Subset s) { return confusion_matrix(predict(s), y(s), kClasses); }

VecF Trainer::predict_raw(const Eigen::Ref<const VecD>& raw64) {
  MatD x = raw64;
  MatF xs = scaler_.apply<float>(x);
  return net_.predict_proba(xs).col(0);
}

}  // namespace bpl
