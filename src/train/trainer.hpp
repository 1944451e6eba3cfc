// Training session: the data split and scaled, a float network, an optimizer, and the
// history of loss/accuracy. step() runs ONE optimizer iteration so that a caller (the browser's
// frame loop, the CLI) decides how long to train.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/status.hpp"
#include "data/augment.hpp"
#include "data/dataset.hpp"
#include "data/drawn.hpp"
#include "nn/metrics.hpp"
#include "nn/network.hpp"
#include "optim/optimizer.hpp"
#include "train/objective_net.hpp"

namespace bpl {

// The defaults are the command line's: the notebook's recipe (sigmoid units, Ng's sigmoid
// outputs, lambda = 1, conjugate gradient) with 64 hidden units and the training images
// augmented (first chosen with one-pixel shifts: 98.1% validation, 97.8% test; with today's
// random distortions, one fixed set of 4 copies: 98.9% validation, 98.3% test). The app's
// default is the "reader" preset (src/train/presets.cpp).
inline Architecture default_train_arch() {
  Architecture a;
  a.hidden = {64};
  return a;
}

struct TrainConfig {
  Architecture arch = default_train_arch();  // 64-64-10, sigmoid hidden, sigmoid (Ng) outputs
  double lambda = 1.0;            // L2 strength: lambda/(2m) sum W^2 over non-bias weights, >= 0
  OptimizerConfig optim;          // default: conjugate gradient
  SplitConfig split;              // default 60/20/20, seed 42
  double train_subset = 1.0;      // fit only the first round(train_subset x |train|) images (at
                                  // least 10) of the shuffled training split, in (0, 1]; the
                                  // validation and test splits do not change (learning curves)
  Scaling scaling = Scaling::Divide16;
  bool augment = true;            // also fit augmentation.copies randomly distorted copies of each
                                  // training image (see data/augment.hpp), same labels
  // The distortions. SGD/Momentum/Adam: fresh copies every epoch (epoch e draws from
  // augment_rng(seed, e)). CG/L-BFGS: one fixed set (epoch 0's) for the whole run, because both
  // assume one deterministic objective: a redraw would invalidate CG's conjugate direction and
  // L-BFGS's curvature pairs (each redraw would need a restart, losing their fast progress).
  AugmentConfig augmentation;
  std::uint64_t init_seed = 1;    // weight initialization seed
  int max_iterations = 200;       // CG/L-BFGS iterations, or epochs for SGD/Momentum/Adam; 1..100000
  bool early_stopping = false;    // stop when validation loss has not improved for `patience` points
  int patience = 10;              // 1..10000 (iterations or epochs)
  bool my_digits = false;         // also fit the extra training images the app hands the trainer (the
                                  // user's own labelled sketches, Trainer::set_extra_training), distorted
                                  // like the training images when augment is on; never validation/test

  Status validate() const;
  // validate() plus the size limit below for a dataset of `dataset_size` images: what the
  // Trainer enforces (setup, reconfigure, adopt) and the Network panel checks before applying.
  Status validate_for(Index dataset_size, double max_pass_work = 3.0e7) const;
  // Every field (tests/unit/test_trainer.cpp checks each one the config's JSON form holds).
  bool operator==(const TrainConfig& o) const;
  bool operator!=(const TrainConfig& o) const { return !(*this == o); }
};

// ---- Size limit: every configuration the app allows stays responsive.
// One optimizer step may not be split across frames (CG/L-BFGS line searches and the epoch-end
// evaluation of the minibatch optimizers each go over every fitted image in one call), so the
// work of one pass over the fitted images is capped instead: parameters x fitted images (the
// training split, x(copies + 1) with augmentation), a third of it for the minibatch optimizers
// whose only full pass is a forward one, <= kMaxPassWork. At the cap one gradient pass is about
// 6 x 3e7 = 1.8e8 floating-point operations, ~20 ms in WebAssembly on a school laptop, so a
// frame with one CG iteration stays near 60 ms; the activations stay under ~100 MB. (A Web
// Worker would lift the cap but needs a second copy of the engine state and weight snapshots
// posted to the page every frame; slicing a step needs resumable line searches.)
// The command line has no frames to keep: it allows far more (kMaxPassWorkBatch), through
// Trainer::set_max_pass_work; a model it saves over the app's limit is refused on import with
// the reason.
constexpr double kMaxPassWork = 3.0e7;
constexpr double kMaxPassWorkBatch = 2.0e10;
struct WorkEstimate {
  Index params = 0;            // weights + biases
  Index fit_samples = 0;       // images one full pass goes over (training split, augmented or not)
  double pass_work = 0;        // params x fit_samples (multiply-adds of one forward pass)
  double bytes = 0;            // rough memory: parameters, gradient, optimizer state, activations
  bool within_limit() const { return pass_work <= kMaxPassWork; }
};
WorkEstimate estimate_work(const TrainConfig& cfg, Index dataset_size);

// Why and where training diverged (the cost or a parameter became NaN or infinite).
struct Divergence {
  bool happened = false;
  int iteration = 0;           // optimizer step that produced the non-finite value
  double epoch = 0;            // its epoch position (where the Training plot marks it)
  int restored_iteration = 0;  // the history point whose (finite) weights were restored
  double restored_epoch = 0;
  std::string what;            // "the cost" / "the parameters"
};

enum class Subset { Train, Validation, Test };
const char* to_string(Subset s);

// What a session trains on: the digits (shared, never copied) split and scaled by one recipe
// (split fractions and seed, training subset, scaling). Read-only once made, so every session
// with the same recipe shares one (AppState hands the main session's to the others). What the
// optimizer fits (the training split, augmented per epoch or not) belongs to each Trainer.
struct PreparedData {
  std::shared_ptr<const Dataset> data;   // all images, raw 0..16
  SplitConfig split_cfg;
  Scaling scaling = Scaling::Divide16;
  double train_subset = 1.0;
  bool own_scaler = false;               // scaler given (an imported model's), not fitted: never shared
  Split split;
  Scaler scaler;                         // fitted on the training split (or the imported one)
  MatF X[3];                             // scaled inputs per Subset (64 x m)
  MatF Y[3];                             // one-hot labels per Subset (10 x m)
  std::vector<int> y[3];                 // labels per Subset
  MatD Xtrain_raw;                       // the training split, raw 0..16 (what augmentation distorts)

  // True when cfg asks for exactly this split, training subset and scaling.
  bool same_recipe(const TrainConfig& cfg) const;
  // True when another session with the same recipe may train on these (a fitted scaler).
  bool shareable(const TrainConfig& cfg) const { return !own_scaler && same_recipe(cfg); }
};
// Splits and scales `data` as cfg says; with `scaler`, scales with it instead of fitting one.
// Errors: an invalid split config.
Result<std::shared_ptr<const PreparedData>> prepare_data(std::shared_ptr<const Dataset> data,
                                                         const TrainConfig& cfg, const Scaler* scaler = nullptr);

struct Metrics {
  double loss = 0;       // data term only (what the user compares across splits)
  double accuracy = 0;   // fraction correct
};

// One point of the learning curves, recorded after each CG/L-BFGS iteration or each epoch.
struct HistoryPoint {
  int iteration = 0;         // optimizer steps so far
  double epoch = 0;          // passes over the training set (fractional for minibatch mid-epoch)
  double cost = 0;           // regularized objective on the training set (minibatch: its originals, see fit_cost)
  Metrics train, validation;
  double elapsed_ms = 0;     // training time so far (excludes metric evaluation)
  long long evaluations = 0; // cost/gradient evaluations so far (a minibatch counts as one)
};

enum class StopReason { None, MaxIterations, Converged, EarlyStopped, Diverged };
const char* to_string(StopReason r);

class Trainer {
 public:
  Trainer() = default;
  Trainer(const Trainer&) = delete;             // the objective points into this object's matrices
  Trainer& operator=(const Trainer&) = delete;
  // Splits and scales `data` (copied once into a shared Dataset), builds the network and the
  // optimizer.
  Status setup(const Dataset& data, const TrainConfig& cfg);
  // The same without copying the images.
  Status setup(std::shared_ptr<const Dataset> data, const TrainConfig& cfg);
  // Trains on already prepared data (shared with other sessions); prepared must match cfg's
  // recipe (PreparedData::same_recipe), else an error and nothing changes.
  Status setup(std::shared_ptr<const PreparedData> prepared, const TrainConfig& cfg);
  // Applies a new config. Architecture/seed/split/scaling changes re-initialize; optimizer or
  // lambda changes keep the weights and restart the optimizer. Invalid config: nothing changes.
  Status reconfigure(const TrainConfig& cfg);
  // Whether reconfigure(cfg) starts from new weights: another split or scaling, other fitted
  // images (augmentation, my digits), another architecture or initialization seed.
  bool reconfigure_reinitializes(const TrainConfig& cfg) const;
  // Re-initializes weights from cfg.init_seed, clears history and the optimizer.
  void reset();
  // Replaces the model: cfg (validated with validate_for first; on error nothing changes), the
  // input scaling the weights were trained with, and the parameters (theta.size() must be
  // cfg.arch.param_count()). History restarts at the adopted weights; the optimizer restarts.
  Status adopt(const TrainConfig& cfg, const Scaler& scaler, const VecF& theta);
  // The size limit this trainer enforces (default kMaxPassWork, the app's). Call before setup.
  void set_max_pass_work(double w) { max_pass_work_ = w; }
  // Extra training images the caller owns (the app's My digits: raw 0..16, 64 x n, and labels),
  // fitted with the training split while config().my_digits is on, after the drawn-style digits
  // and distorted like them; never in validation or test. nullptr or none: nothing extra. New
  // images while they are fitted rebuild the fitted set at the current weights (history and
  // optimizer restart there).
  void set_extra_training(std::shared_ptr<const DrawnImages> images);
  // How many extra images the optimizer fits now (0 unless my_digits is on).
  Index extra_fitted() const { return extra_fitted_; }

  // One optimizer iteration (CG/L-BFGS) or one minibatch (SGD family). Records a history
  // point when an iteration/epoch completes. Returns false when training has stopped.
  bool step();
  bool stopped() const { return stop_ != StopReason::None; }
  // Minibatch optimizers: also record a history point after every step, not only at epoch
  // ends (slow-motion runs, where each step is worth watching). Off by default: each point
  // evaluates the training and validation sets. Early stopping still counts epoch points only.
  void set_record_every_step(bool on) { every_step_ = on; }
  bool record_every_step() const { return every_step_; }
  StopReason stop_reason() const { return stop_; }
  // Divergence protection: after every step the cost and the parameters are checked; on a
  // non-finite value the parameters, the counters and the history go back to the last finite
  // history point, the optimizer restarts and training stops with StopReason::Diverged.
  const Divergence& divergence() const { return divergence_; }
  std::string divergence_message() const;   // why, what was restored, what to try

  const TrainConfig& config() const { return cfg_; }
  Network<float>& net() { return net_; }
  const Network<float>& net() const { return net_; }
  const Scaler& scaler() const { return prep_->scaler; }
  const Dataset& data() const;                       // empty before setup()
  const Split& split() const { return prep_->split; }
  // The shared split/scaled data; changes (a new object) only when the recipe changes.
  const std::shared_ptr<const PreparedData>& prepared() const { return prep_; }
  const std::vector<int>& indices(Subset s) const;   // dataset indices of a subset
  const MatF& X(Subset s) const;                     // scaled inputs (64 x m)
  const std::vector<int>& y(Subset s) const;
  // What the optimizer currently fits (scaled, 64 x m): the training split and, with augment,
  // the drawn-style digits (augmentation.drawn) and distorted copies of both of epoch fit_epoch().
  const MatF& fit_inputs() const { return own_fit_set() ? Xfit_ : prep_->X[0]; }
  int fit_epoch() const { return drawn_epoch_; }
  Index fit_size() const { return fit_inputs().cols(); }     // examples the optimizer fits (m_reg of the cost)
  const Optimizer<float>* optimizer() const { return opt_.get(); }

  Metrics evaluate(Subset s);
  std::vector<int> predict(Subset s);
  ConfusionMatrix confusion(Subset s);
  // Class probabilities for one raw image (64 values 0..16): scaled like the training data.
  VecF predict_raw(const Eigen::Ref<const VecD>& raw64);

  const std::vector<HistoryPoint>& history() const { return history_; }
  int iteration() const { return iteration_; }
  double epoch() const;
  double elapsed_ms() const { return elapsed_ms_; }
  // Cost/gradient evaluations since the last reset; a config change that rebuilds the
  // optimizer keeps counting.
  long long evaluations() const { return evaluations_; }
  float last_cost() const { return last_cost_; }

 private:
  bool record_point();            // false (nothing recorded) if the point is not finite
  void restart_history();         // clears history and optimizer state, keeps the weights
  void restore_last_finite(const char* what);
  VecF& scratch_grad();
  float fit_cost();                      // regularized cost on the original fitted images, forward only
  Status build_optimizer();
  void draw_training_images(int epoch);  // Xfit_/Yfit_: the training split, augmented for `epoch`
  const MatF& fit_labels() const { return own_fit_set() ? Yfit_ : prep_->Y[0]; }
  // Xfit_/Yfit_ hold what is fitted (augmentation on, or extra images without it).
  bool own_fit_set() const { return cfg_.augment || extra_fitted_ > 0; }

  TrainConfig cfg_;
  std::shared_ptr<const PreparedData> prep_ = std::make_shared<const PreparedData>();
  // What the optimizer fits with augment on: the training split and its distorted copies of
  // epoch drawn_epoch_ (this session's own; same sizes every epoch: the objective refers to
  // them). With augment off the objective fits prep_->X/Y[Train] directly.
  MatF Xfit_, Yfit_;
  int drawn_epoch_ = 0;           // the epoch whose distortions Xfit_ holds
  // With augmentation.drawn > 0: the training split followed by that many drawn-style digits
  // (data/drawn.hpp), raw 0..16, and their labels - what augmentation distorts. Made by setup().
  MatD Xbase_raw_;
  std::vector<int> ybase_;
  void gather_base_images();
  std::shared_ptr<const DrawnImages> extra_;   // set_extra_training's
  Index extra_fitted_ = 0;                     // of them, in Xbase_raw_ now
  Network<float> net_;
  std::unique_ptr<Optimizer<float>> opt_;
  std::unique_ptr<NetworkObjective<float>> objective_;
  std::vector<HistoryPoint> history_;
  int iteration_ = 0;
  long long samples_in_epoch_ = 0;  // minibatch family: samples used in the current epoch
  int epochs_done_ = 0;
  double elapsed_ms_ = 0;
  long long evaluations_ = 0;
  float last_cost_ = 0;
  VecF grad_;
  Cache<float> cost_cache_;
  double best_val_loss_ = 0;
  int since_best_ = 0;
  StopReason stop_ = StopReason::None;
  // The parameters and counters of the last (finite) history point, restored on divergence.
  struct Snapshot {
    VecF theta;
    int iteration = 0, epochs_done = 0;
    long long samples_in_epoch = 0;
    long long evaluations = 0;
    double elapsed_ms = 0;
    float cost = 0;
  } finite_;
  Divergence divergence_;
  double max_pass_work_ = kMaxPassWork;
  bool every_step_ = false;
  bool record_step_point();       // a mid-epoch point (every_step_): leaves early stopping alone
};

}  // namespace bpl
