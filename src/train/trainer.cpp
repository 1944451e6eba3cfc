#include "train/trainer.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/clock.hpp"
#include "data/pen.hpp"
#include "optim/optimizer_registry.hpp"

namespace bpl {

namespace {
bool finite(double v) { return std::isfinite(v); }

// Learning curves: the first round(fraction x n) (at least 10) of the shuffled training split.
std::size_t kept_train_size(std::size_t n, double fraction) {
  if (fraction >= 1.0) return n;
  const double kept = std::max(10.0, std::round(fraction * static_cast<double>(n)));
  return std::min(n, static_cast<std::size_t>(kept));
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
    case StopReason::Diverged:
      return "diverged, last finite weights restored";
  }
  return "?";
}

bool TrainConfig::operator==(const TrainConfig& o) const {
  return arch == o.arch && lambda == o.lambda && optim == o.optim && split == o.split && train_subset == o.train_subset &&
         scaling == o.scaling && augment == o.augment && augmentation == o.augmentation && init_seed == o.init_seed &&
         max_iterations == o.max_iterations && early_stopping == o.early_stopping && patience == o.patience &&
         my_digits == o.my_digits;
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
  if (!finite(train_subset) || train_subset <= 0 || train_subset > 1)
    return Status::Error("train_subset must be a fraction in (0, 1]");
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
  const Index n_split = static_cast<Index>(std::llround(static_cast<double>(dataset_size) * cfg.split.train));
  const Index n_train = static_cast<Index>(kept_train_size(static_cast<std::size_t>(std::max<Index>(n_split, 0)),
                                                           cfg.train_subset));
  // Drawn-style digits and the real pen digits a trainer would fit (no more than are installed).
  const std::shared_ptr<const DrawnImages> pen = installed_pen_images();
  const Index pens = pen ? std::min<Index>(cfg.augmentation.pen, pen->X.cols()) : 0;
  const Index extra = cfg.augmentation.drawn + pens;
  w.fit_samples = cfg.augment ? Index(cfg.augmentation.copies + 1) * (n_train + extra) : n_train;
  // The heaviest single call: CG/L-BFGS evaluate cost AND gradient over every fitted image; the
  // minibatch optimizers' only full pass is the epoch-end cost, a forward pass (about a third of
  // a gradient pass: no backward, no weight gradients), so it counts a third.
  const double share = is_minibatch(cfg.optim.kind) ? 1.0 / 3.0 : 1.0;
  w.pass_work = share * static_cast<double>(w.params) * static_cast<double>(w.fit_samples);
  // floats: theta, gradient, last finite snapshot, optimizer state (CG ~3 vectors, L-BFGS 2 per
  // remembered pair, Adam 2 moments, Momentum 1 velocity); activations z, a, delta of every
  // layer for every fitted image, plus the forward caches of the evaluation sets.
  const double vectors = 3 + optimizer_info(cfg.optim.kind).memory_vectors(cfg.optim);
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
  // The installed pen digits bound augmentation.pen (data/pen.hpp): the page ships kShippedPen.
  if (const int cap = installed_pen_cap(); augment && augmentation.pen > cap)
    return Status::Error("augmentation pen must be 0.." + std::to_string(cap) + ": " + std::to_string(cap) +
                         " real pen digits are installed (the site ships " + std::to_string(kShippedPen) +
                         "; the command line reads the whole dev set with --pen-data)");
  const WorkEstimate w = estimate_work(*this, dataset_size);
  if (w.pass_work <= max_pass_work) return Status::Ok();
  return Status::Error("network too large to stay responsive: " + std::to_string(w.params) + " parameters x " +
                       std::to_string(w.fit_samples) + " training images = " + millions(w.pass_work) +
                       " per pass, the limit is " + millions(max_pass_work) +
                       " (use fewer or smaller hidden layers, turn augmentation off or train on a smaller split)");
}

bool PreparedData::same_recipe(const TrainConfig& cfg) const {
  return data && cfg.split.seed == split_cfg.seed && cfg.split.train == split_cfg.train &&
         cfg.split.validation == split_cfg.validation && cfg.scaling == scaling &&
         cfg.train_subset == train_subset;
}

Result<std::shared_ptr<const PreparedData>> prepare_data(std::shared_ptr<const Dataset> data,
                                                         const TrainConfig& cfg, const Scaler* scaler) {
  if (!data) return Status::Error("no data");
  Result<Split> sp = make_split(data->size(), cfg.split);
  if (!sp.ok()) return sp.status;
  auto p = std::make_shared<PreparedData>();
  p->data = std::move(data);
  p->split_cfg = cfg.split;
  p->scaling = cfg.scaling;
  p->train_subset = cfg.train_subset;
  p->split = std::move(sp.value);
  p->split.train.resize(kept_train_size(p->split.train.size(), cfg.train_subset));
  p->Xtrain_raw = gather_columns(p->data->X, p->split.train);   // augmentation distorts these (0..16)
  p->own_scaler = scaler != nullptr;
  if (scaler) p->scaler = *scaler;   // an imported model's: its weights were trained on inputs scaled this way
  else p->scaler = cfg.scaling == Scaling::Standardize ? Scaler::fit_standardize(p->Xtrain_raw) : Scaler::divide16();
  const std::vector<int>* idx[3] = {&p->split.train, &p->split.validation, &p->split.test};
  for (int k = 0; k < 3; ++k) {
    p->X[k] = p->scaler.apply<float>(gather_columns(p->data->X, *idx[k]));
    p->y[k] = gather(p->data->y, *idx[k]);
    p->Y[k] = one_hot<float>(p->y[k], kClasses);
  }
  return std::shared_ptr<const PreparedData>(std::move(p));
}

Status Trainer::setup(const Dataset& data, const TrainConfig& cfg) {
  return setup(std::make_shared<const Dataset>(data), cfg);
}

Status Trainer::setup(std::shared_ptr<const Dataset> data, const TrainConfig& cfg) {
  if (!data) return Status::Error("no data");
  Status s = cfg.validate_for(data->size(), max_pass_work_);
  if (!s.ok()) return s;
  Result<std::shared_ptr<const PreparedData>> p = prepare_data(std::move(data), cfg);
  if (!p.ok()) return p.status;
  return setup(std::move(p.value), cfg);
}

Status Trainer::setup(std::shared_ptr<const PreparedData> prepared, const TrainConfig& cfg) {
  if (!prepared || !prepared->data) return Status::Error("no data");
  Status s = cfg.validate_for(prepared->data->size(), max_pass_work_);
  if (!s.ok()) return s;
  if (!prepared->same_recipe(cfg))
    return Status::Error("the prepared data do not match the config's split, training subset and scaling");
  s = net_.configure(cfg.arch, cfg.init_seed);
  if (!s.ok()) return s;  // cannot happen: validated above
  prep_ = std::move(prepared);
  cfg_ = cfg;
  gather_base_images();
  draw_training_images(0);
  s = build_optimizer();
  if (!s.ok()) return s;
  reset();
  return Status::Ok();
}

Status Trainer::adopt(const TrainConfig& cfg, const Scaler& scaler, const VecF& theta) {
  Status s = cfg.validate_for(data().size(), max_pass_work_);
  if (!s.ok()) return s;
  if (theta.size() != cfg.arch.param_count()) return Status::Error("the parameters do not match the architecture");
  if (!theta.allFinite()) return Status::Error("the parameters are not all finite");
  if (scaler.mean.size() != kPixels || scaler.scale.size() != kPixels || !scaler.mean.allFinite() ||
      !(scaler.scale.array() > 0.0).all() || !scaler.scale.allFinite())
    return Status::Error("the input scaling is not 64 finite means and positive scales");
  // This session's own prepared data: the shared ones keep their fitted scaler.
  Result<std::shared_ptr<const PreparedData>> p = prepare_data(prep_->data, cfg, &scaler);
  if (!p.ok()) return p.status;
  s = setup(std::move(p.value), cfg);   // validated above: only fails on a programming error
  if (!s.ok()) return s;
  net_.theta() = theta;
  restart_history();
  return Status::Ok();
}

void Trainer::draw_training_images(int epoch) {
  drawn_epoch_ = epoch;
  const bool with_base = Xbase_raw_.cols() > 0;   // drawn digits or extra images after the split
  if (!cfg_.augment) {
    if (with_base) {   // the extra images, undistorted
      Xfit_ = prep_->scaler.apply<float>(Xbase_raw_);
      Yfit_ = one_hot<float>(ybase_, kClasses);
    } else {           // the objective fits prep_->X/Y[Train]
      Xfit_.resize(0, 0);
      Yfit_.resize(0, 0);
    }
    return;
  }
  const MatD& base = with_base ? Xbase_raw_ : prep_->Xtrain_raw;
  const std::vector<int>& labels = with_base ? ybase_ : prep_->y[0];
  // Same sizes every epoch: the objective keeps referring to Xfit_/Yfit_.
  Xfit_ = prep_->scaler.apply<float>(augment_epoch(base, cfg_.augmentation, static_cast<std::uint64_t>(epoch)));
  Yfit_ = one_hot<float>(repeat_labels(labels, cfg_.augmentation.copies + 1), kClasses);
}

void Trainer::gather_base_images() {
  Xbase_raw_.resize(0, 0);
  ybase_.clear();
  const int n = cfg_.augment ? cfg_.augmentation.drawn : 0;
  // The real pen digits (data/pen.hpp): a seeded choice of those installed (none installed: none).
  const std::shared_ptr<const DrawnImages> pen =
      cfg_.augment && cfg_.augmentation.pen > 0 ? installed_pen_images() : nullptr;
  extra_fitted_ = cfg_.my_digits && extra_ ? extra_->X.cols() : 0;
  if (n == 0 && !pen && extra_fitted_ == 0) return;
  Xbase_raw_ = prep_->Xtrain_raw;
  ybase_ = prep_->y[0];
  if (n > 0) append_drawn(*shared_drawn_images(n, cfg_.augmentation.seed), &Xbase_raw_, &ybase_);
  if (pen) append_drawn(choose_pen(*pen, cfg_.augmentation.pen, cfg_.augmentation.seed), &Xbase_raw_, &ybase_);
  if (extra_fitted_ > 0) append_drawn(*extra_, &Xbase_raw_, &ybase_);
}

void Trainer::set_extra_training(std::shared_ptr<const DrawnImages> images) {
  extra_ = std::move(images);
  if (!prep_->data || (!cfg_.my_digits && extra_fitted_ == 0)) return;   // not fitted: nothing to rebuild
  const VecF theta = net_.theta();
  if (!setup(prep_, cfg_).ok()) return;   // the same data and config: cannot fail
  net_.theta() = theta;
  restart_history();
}

Status Trainer::build_optimizer() {
  Status err;
  std::unique_ptr<Optimizer<float>> opt = make_optimizer<float>(cfg_.optim, &err);
  if (!opt) return err;
  opt_ = std::move(opt);
  objective_ = std::make_unique<NetworkObjective<float>>(cfg_.arch, fit_inputs(), fit_labels(),
                                                        static_cast<float>(cfg_.lambda));
  return Status::Ok();
}

namespace {
bool other_fitted_images(const TrainConfig& a, const TrainConfig& b) {
  return a.augment != b.augment || (a.augment && a.augmentation != b.augmentation) || a.my_digits != b.my_digits;
}
bool other_initial_weights(const TrainConfig& a, const TrainConfig& b) {
  return a.arch != b.arch || a.init_seed != b.init_seed;
}
}  // namespace

bool Trainer::reconfigure_reinitializes(const TrainConfig& cfg) const {
  return !prep_ || !prep_->same_recipe(cfg) || other_fitted_images(cfg, cfg_) || other_initial_weights(cfg, cfg_);
}

Status Trainer::reconfigure(const TrainConfig& cfg) {
  Status s = cfg.validate_for(data().size(), max_pass_work_);
  if (!s.ok()) return s;
  const bool resplit = !prep_->same_recipe(cfg);
  if (resplit) return setup(prep_->data, cfg);
  // Other fitted images (augmentation on/off or other distortions): the same prepared data
  // (shared, or this session's own imported scaling), a fresh start.
  if (other_fitted_images(cfg, cfg_)) return setup(prep_, cfg);
  const bool reinit = other_initial_weights(cfg, cfg_);
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
  objective_ = std::make_unique<NetworkObjective<float>>(cfg_.arch, fit_inputs(), fit_labels(),
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
  evaluations_ = 0;
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
  // The forward pass only (no gradient: the backward pass would double an epoch's work), over
  // the original images (with augmentation: the training split and the drawn digits, the first
  // columns of Xfit_), the regularizer normalized by every fitted image as in the objective.
  // The distorted copies are left out: they are fresh random draws every epoch, so they only
  // add noise to the curve, and a forward pass over them cost about a fifth of an epoch.
  const MatF& X = fit_inputs();
  const Index originals = cfg_.augment ? X.cols() / (cfg_.augmentation.copies + 1) : X.cols();
  return cost_and_gradient<float>(cfg_.arch, net_.theta(), X.leftCols(originals), fit_labels().leftCols(originals),
                                  static_cast<float>(cfg_.lambda), X.cols(), nullptr, cost_cache_);
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
  if (minibatch) samples_in_epoch_ += std::min<long long>(cfg_.optim.batch_size, fit_inputs().cols());
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
  if (minibatch && !info.epoch_done && every_step_ && !record_step_point()) {
    restore_last_finite("the cost");
    return false;
  }
  if (minibatch && info.epoch_done && cfg_.augment) draw_training_images(epochs_done_);  // fresh distortions
  return !stopped();
}

bool Trainer::record_step_point() {
  const double best = best_val_loss_;
  const int since = since_best_;
  last_cost_ = fit_cost();
  const bool ok = record_point();
  best_val_loss_ = best;   // only epoch points count for early stopping
  since_best_ = since;
  return ok;
}

double Trainer::epoch() const {
  const Index n = fit_inputs().cols();
  const double frac = n > 0 ? double(samples_in_epoch_) / double(n) : 0.0;
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
  evaluations_ = finite_.evaluations;
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
  const OptimizerInfo& info = optimizer_info(o.kind);
  if (info.uses(OptimizerSetting::Momentum))
    std::snprintf(tip, sizeof tip,
                  "Learning rate %g with momentum %g overshoots: try learning rate %g or momentum 0.9, then Train.",
                  o.learning_rate, o.momentum, o.learning_rate / 10);
  else if (info.uses(OptimizerSetting::LearningRate))
    std::snprintf(tip, sizeof tip, "The learning rate %g is too large: try %g, then Train.", o.learning_rate,
                  o.learning_rate / 10);
  else
    std::snprintf(tip, sizeof tip, "Try a larger lambda, another activation, or Reset.");
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
  p.evaluations = evaluations_;
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
  finite_.evaluations = evaluations_;
  finite_.elapsed_ms = elapsed_ms_;
  finite_.cost = last_cost_;
  return true;
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
