#include "train/trainer.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>

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
    case StopReason::Diverged:
      return "diverged, last finite weights restored";
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

namespace {
std::string millions(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%.1f M", v / 1e6);
  return b;
}
}  // namespace

WorkEstimate estimate_work(const TrainConfig& cfg, Index dataset_size) {
  WorkEstimate w;
  const Architecture& A = cfg.arch;
  w.params = A.param_count();
  const Index n_train = static_cast<Index>(std::llround(static_cast<double>(dataset_size) * cfg.split.train));
  w.fit_samples = cfg.augment ? Index(cfg.augmentation.copies + 1) * n_train : n_train;
  // The heaviest single call: CG/L-BFGS evaluate cost AND gradient over every fitted image; the
  // minibatch optimizers' only full pass is the epoch-end cost, a forward pass (about a third of
  // a gradient pass: no backward, no weight gradients), so it counts a third.
  const double share = is_minibatch(cfg.optim.kind) ? 1.0 / 3.0 : 1.0;
  w.pass_work = share * static_cast<double>(w.params) * static_cast<double>(w.fit_samples);
  // floats: theta, gradient, last finite snapshot, optimizer state (CG ~3 vectors, L-BFGS 2 per
  // remembered pair, Adam 2 moments, Momentum 1 velocity); activations z, a, delta of every
  // layer for every fitted image, plus the forward caches of the evaluation sets.
  double vectors = 3;
  switch (cfg.optim.kind) {
    case OptimizerKind::CG: vectors += 3; break;
    case OptimizerKind::LBFGS: vectors += 2.0 * cfg.optim.lbfgs_memory + 2; break;
    case OptimizerKind::Adam: vectors += 2; break;
    case OptimizerKind::Momentum: vectors += 1; break;
    case OptimizerKind::SGD: break;
  }
  double units = 0;
  for (int l = 1; l <= A.layers(); ++l) units += A.units(l);
  w.bytes = 4.0 * (vectors * static_cast<double>(w.params) +
                   units * (3.0 * static_cast<double>(w.fit_samples) + 2.0 * static_cast<double>(dataset_size)) +
                   static_cast<double>(kPixels) * static_cast<double>(w.fit_samples + dataset_size));
  return w;
}

Status TrainConfig::validate_for(Index dataset_size, double max_pass_work) const {
  Status s = validate();
  if (!s.ok()) return s;
  const WorkEstimate w = estimate_work(*this, dataset_size);
  if (w.pass_work <= max_pass_work) return Status::Ok();
  return Status::Error("network too large to stay responsive: " + std::to_string(w.params) + " parameters x " +
                       std::to_string(w.fit_samples) + " training images = " + millions(w.pass_work) +
                       " per pass, the limit is " + millions(max_pass_work) +
                       " (use fewer or smaller hidden layers, turn augmentation off or train on a smaller split)");
}

Status Trainer::setup(const Dataset& data, const TrainConfig& cfg) {
  Status s = cfg.validate_for(data.size(), max_pass_work_);
  if (!s.ok()) return s;
  Result<Split> sp = make_split(data.size(), cfg.split);
  if (!sp.ok()) return sp.status;
  data_ = data;
  split_ = sp.value;
  cfg_ = cfg;
  scaler_ = cfg.scaling == Scaling::Standardize ? Scaler::fit_standardize(gather_columns(data_.X, split_.train))
                                                : Scaler::divide16();
  scale_inputs();
  s = net_.configure(cfg_.arch, cfg_.init_seed);
  if (!s.ok()) return s;
  s = build_optimizer();
  if (!s.ok()) return s;
  reset();
  return Status::Ok();
}

// X_, y_, Y_ of the three subsets and what the optimizer fits, scaled with scaler_.
void Trainer::scale_inputs() {
  const std::vector<int>* idx[3] = {&split_.train, &split_.validation, &split_.test};
  for (int k = 0; k < 3; ++k) {
    X_[k] = scaler_.apply<float>(gather_columns(data_.X, *idx[k]));
    y_[k] = gather(data_.y, *idx[k]);
    Y_[k] = one_hot<float>(y_[k], kClasses);
  }
  Xtrain_raw_ = gather_columns(data_.X, split_.train);   // augmentation distorts these (0..16)
  draw_training_images(0);
}

Status Trainer::adopt(const TrainConfig& cfg, const Scaler& scaler, const VecF& theta) {
  Status s = cfg.validate_for(data_.size(), max_pass_work_);
  if (!s.ok()) return s;
  if (theta.size() != cfg.arch.param_count()) return Status::Error("the parameters do not match the architecture");
  if (!theta.allFinite()) return Status::Error("the parameters are not all finite");
  if (scaler.mean.size() != kPixels || scaler.scale.size() != kPixels || !scaler.mean.allFinite() ||
      !(scaler.scale.array() > 0.0).all() || !scaler.scale.allFinite())
    return Status::Error("the input scaling is not 64 finite means and positive scales");
  Result<Split> sp = make_split(data_.size(), cfg.split);
  if (!sp.ok()) return sp.status;
  Dataset d = data_;
  s = setup(d, cfg);   // validated above: only fails on a programming error
  if (!s.ok()) return s;
  scaler_ = scaler;    // the weights were trained on inputs scaled this way
  scale_inputs();
  net_.theta() = theta;
  restart_history();
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
  Status s = cfg.validate_for(data_.size(), max_pass_work_);
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
  restart_history();
}

void Trainer::restart_history() {
  if (opt_) opt_->restart();
  divergence_ = Divergence();
  history_.clear();
  iteration_ = 0;
  samples_in_epoch_ = 0;
  epochs_done_ = 0;
  elapsed_ms_ = 0;
  since_best_ = 0;
  best_val_loss_ = 0;
  stop_ = StopReason::None;
  last_cost_ = objective_ ? objective_->value_grad(net_.theta(), scratch_grad()) : 0.f;
  if (!record_point()) {   // non-finite from the start (adopted weights that overflow): no history
    finite_.theta = net_.theta();
    divergence_.happened = true;
    divergence_.what = "the cost at these weights";
    stop_ = StopReason::Diverged;
  }
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
  // Divergence: checked after every step (a pass over theta costs far less than the step).
  if (!std::isfinite(info.f) || !net_.theta().allFinite()) {
    restore_last_finite(std::isfinite(info.f) ? "the weights" : "the cost");
    return false;
  }
  if (!minibatch) last_cost_ = static_cast<float>(info.f);
  if (info.epoch_done || !minibatch) {
    if (minibatch) last_cost_ = fit_cost();
    if (!record_point()) {
      restore_last_finite("the cost");
      return false;
    }
    if (info.converged) stop_ = StopReason::Converged;
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

void Trainer::restore_last_finite(const char* what) {
  divergence_.happened = true;
  divergence_.iteration = iteration_;
  divergence_.epoch = epoch();
  divergence_.what = what;
  net_.theta() = finite_.theta;
  iteration_ = finite_.iteration;
  epochs_done_ = finite_.epochs_done;
  samples_in_epoch_ = finite_.samples_in_epoch;
  elapsed_ms_ = finite_.elapsed_ms;
  last_cost_ = finite_.cost;
  divergence_.restored_iteration = iteration_;
  divergence_.restored_epoch = epoch();
  if (opt_) opt_->restart();   // its directions/moments hold the non-finite values
  stop_ = StopReason::Diverged;
}

std::string Trainer::divergence_message() const {
  if (!divergence_.happened) return std::string();
  const OptimizerConfig& o = cfg_.optim;
  const bool mb = is_minibatch(o.kind);
  char where[160];
  if (mb)
    std::snprintf(where, sizeof where, "at epoch %.2f %s became NaN or infinite; restored the weights of epoch %.0f",
                  divergence_.epoch, divergence_.what.c_str(), divergence_.restored_epoch);
  else
    std::snprintf(where, sizeof where, "at iteration %d %s became NaN or infinite; restored the weights of iteration %d",
                  divergence_.iteration, divergence_.what.c_str(), divergence_.restored_iteration);
  std::string m = std::string("Training diverged: ") + where + " (the last finite point of the curves). ";
  char tip[200];
  switch (o.kind) {
    case OptimizerKind::SGD:
    case OptimizerKind::Adam:
      std::snprintf(tip, sizeof tip, "The learning rate %g is too large: try %g, then Train.", o.learning_rate,
                    o.learning_rate / 10);
      break;
    case OptimizerKind::Momentum:
      std::snprintf(tip, sizeof tip,
                    "Learning rate %g with momentum %g overshoots: try learning rate %g or momentum 0.9, then Train.",
                    o.learning_rate, o.momentum, o.learning_rate / 10);
      break;
    default:
      std::snprintf(tip, sizeof tip, "Try a larger lambda, another activation, or Reset.");
      break;
  }
  return m + tip;
}

bool Trainer::record_point() {
  HistoryPoint p;
  p.iteration = iteration_;
  p.epoch = epoch();
  p.cost = last_cost_;
  p.train = evaluate(Subset::Train);
  p.validation = evaluate(Subset::Validation);
  p.elapsed_ms = elapsed_ms_;
  if (!std::isfinite(p.cost) || !std::isfinite(p.train.loss) || !std::isfinite(p.validation.loss)) return false;
  if (history_.empty() || p.validation.loss < best_val_loss_) {
    best_val_loss_ = p.validation.loss;
    since_best_ = 0;
  } else {
    ++since_best_;
  }
  history_.push_back(p);
  finite_.theta = net_.theta();
  finite_.iteration = iteration_;
  finite_.epochs_done = epochs_done_;
  finite_.samples_in_epoch = samples_in_epoch_;
  finite_.elapsed_ms = elapsed_ms_;
  finite_.cost = last_cost_;
  return true;
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
