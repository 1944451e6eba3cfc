#include "train/trainer.hpp"

#include <cmath>

#include "core/clock.hpp"

namespace bpl {

namespace {
bool finite(double v) { return std::isfinite(v); }

// Learning curves: the first round(fraction x n) (at least 10) of the shuffled training split.
void keep_train_subset(Split& split, double fraction) {
  if (fraction >= 1.0) return;
  const double kept = std::max(10.0, std::round(fraction * static_cast<double>(split.train.size())));
  split.train.resize(std::min(split.train.size(), static_cast<std::size_t>(kept)));
}
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
  if (max_iterations < 1 || max_iterations > 100000) return Status::Error("max_iterations must be in 1..100000");
  if (patience < 1 || patience > 10000) return Status::Error("patience must be in 1..10000");
  if (!finite(train_subset) || train_subset <= 0 || train_subset > 1)
    return Status::Error("train_subset must be a fraction in (0, 1]");
  return Status::Ok();
}

bool PreparedData::same_recipe(const TrainConfig& cfg) const {
  return data && cfg.split.seed == split_cfg.seed && cfg.split.train == split_cfg.train &&
         cfg.split.validation == split_cfg.validation && cfg.scaling == scaling && cfg.augment == augment &&
         cfg.train_subset == train_subset;
}

Result<std::shared_ptr<const PreparedData>> prepare_data(std::shared_ptr<const Dataset> data,
                                                         const TrainConfig& cfg) {
  if (!data) return Status::Error("no data");
  Result<Split> sp = make_split(data->size(), cfg.split);
  if (!sp.ok()) return sp.status;
  auto p = std::make_shared<PreparedData>();
  p->data = std::move(data);
  p->split_cfg = cfg.split;
  p->scaling = cfg.scaling;
  p->augment = cfg.augment;
  p->train_subset = cfg.train_subset;
  p->split = std::move(sp.value);
  keep_train_subset(p->split, cfg.train_subset);
  const MatD Xtr = gather_columns(p->data->X, p->split.train);
  p->scaler = cfg.scaling == Scaling::Standardize ? Scaler::fit_standardize(Xtr) : Scaler::divide16();
  const std::vector<int>* idx[3] = {&p->split.train, &p->split.validation, &p->split.test};
  for (int k = 0; k < 3; ++k) {
    p->X[k] = p->scaler.apply<float>(gather_columns(p->data->X, *idx[k]));
    p->y[k] = gather(p->data->y, *idx[k]);
    p->Y[k] = one_hot<float>(p->y[k], kClasses);
  }
  if (cfg.augment) {
    p->Xfit = p->scaler.apply<float>(augment_shifts(Xtr));
    p->Yfit = one_hot<float>(repeat_labels(p->y[0], 5), kClasses);
  } else {
    p->Xfit = p->X[0];
    p->Yfit = p->Y[0];
  }
  return std::shared_ptr<const PreparedData>(std::move(p));
}

Status Trainer::setup(const Dataset& data, const TrainConfig& cfg) {
  return setup(std::make_shared<const Dataset>(data), cfg);
}

Status Trainer::setup(std::shared_ptr<const Dataset> data, const TrainConfig& cfg) {
  Status s = cfg.validate();
  if (!s.ok()) return s;
  Result<std::shared_ptr<const PreparedData>> p = prepare_data(std::move(data), cfg);
  if (!p.ok()) return p.status;
  return setup(std::move(p.value), cfg);
}

Status Trainer::setup(std::shared_ptr<const PreparedData> prepared, const TrainConfig& cfg) {
  Status s = cfg.validate();
  if (!s.ok()) return s;
  if (!prepared || !prepared->same_recipe(cfg))
    return Status::Error("the prepared data do not match the config's split, scaling and augmentation");
  s = net_.configure(cfg.arch, cfg.init_seed);
  if (!s.ok()) return s;  // cannot happen: validated above
  prep_ = std::move(prepared);
  cfg_ = cfg;
  s = build_optimizer();
  if (!s.ok()) return s;
  reset();
  return Status::Ok();
}

Status Trainer::build_optimizer() {
  Status err;
  std::unique_ptr<Optimizer<float>> opt = make_optimizer<float>(cfg_.optim, &err);
  if (!opt) return err;
  opt_ = std::move(opt);
  objective_ = std::make_unique<NetworkObjective<float>>(cfg_.arch, prep_->Xfit, prep_->Yfit,
                                                        static_cast<float>(cfg_.lambda));
  return Status::Ok();
}

Status Trainer::reconfigure(const TrainConfig& cfg) {
  Status s = cfg.validate();
  if (!s.ok()) return s;
  const bool resplit = !prep_->same_recipe(cfg);
  if (resplit) return setup(prep_->data, cfg);
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
  objective_ = std::make_unique<NetworkObjective<float>>(cfg_.arch, prep_->Xfit, prep_->Yfit,
                                                        static_cast<float>(cfg_.lambda));
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
  net_.reinit(cfg_.init_seed);
  if (opt_) opt_->restart();
  history_.clear();
  iteration_ = 0;
  samples_in_epoch_ = 0;
  epochs_done_ = 0;
  elapsed_ms_ = 0;
  evaluations_ = 0;
  since_best_ = 0;
  best_val_loss_ = 0;
  stop_ = StopReason::None;
  last_cost_ = objective_ ? objective_->value_grad(net_.theta(), scratch_grad()) : 0.f;
  record_point();
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
  evaluations_ += info.evaluations;
  ++iteration_;
  const bool minibatch = is_minibatch(cfg_.optim.kind);
  // One CG/L-BFGS iteration uses the whole training set: it counts as one pass (epoch), so the
  // epoch axis stays continuous when the optimizer family changes mid-run.
  if (minibatch) samples_in_epoch_ += std::min<long long>(cfg_.optim.batch_size, prep_->Xfit.cols());
  if (info.epoch_done || !minibatch) {
    ++epochs_done_;
    samples_in_epoch_ = 0;
  }
  if (!minibatch) last_cost_ = static_cast<float>(info.f);
  if (info.epoch_done || !minibatch) {
    if (minibatch) last_cost_ = objective_->value_grad(net_.theta(), scratch_grad());
    record_point();
    if (!std::isfinite(last_cost_)) stop_ = StopReason::Diverged;
    else if (info.converged) stop_ = StopReason::Converged;
    else if (epochs_done_ >= cfg_.max_iterations) stop_ = StopReason::MaxIterations;
    else if (cfg_.early_stopping && since_best_ >= cfg_.patience) stop_ = StopReason::EarlyStopped;
  }
  return !stopped();
}

double Trainer::epoch() const {
  const double frac = prep_->Xfit.cols() > 0 ? double(samples_in_epoch_) / double(prep_->Xfit.cols()) : 0.0;
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
  p.evaluations = evaluations_;
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
    case Subset::Train: return prep_->split.train;
    case Subset::Validation: return prep_->split.validation;
    default: return prep_->split.test;
  }
}
const Dataset& Trainer::data() const {
  static const Dataset kEmpty;
  return prep_->data ? *prep_->data : kEmpty;
}

const MatF& Trainer::X(Subset s) const { return prep_->X[static_cast<int>(s)]; }
const std::vector<int>& Trainer::y(Subset s) const { return prep_->y[static_cast<int>(s)]; }

Metrics Trainer::evaluate(Subset s) {
  const int k = static_cast<int>(s);
  Metrics m;
  if (prep_->X[k].cols() == 0) return m;
  const MatF& P = net_.predict_proba(prep_->X[k]);
  m.loss = data_loss<float>(cfg_.arch.output, P, prep_->Y[k]);
  m.accuracy = accuracy(argmax_columns<float>(P), prep_->y[k]);
  return m;
}

std::vector<int> Trainer::predict(Subset s) { return net_.predict(prep_->X[static_cast<int>(s)]); }

ConfusionMatrix Trainer::confusion(Subset s) { return confusion_matrix(predict(s), y(s), kClasses); }

VecF Trainer::predict_raw(const Eigen::Ref<const VecD>& raw64) {
  MatD x = raw64;
  MatF xs = prep_->scaler.apply<float>(x);
  return net_.predict_proba(xs).col(0);
}

}  // namespace bpl
