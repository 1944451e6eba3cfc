#include "app/knn_job.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/clock.hpp"
#include "app/app_state.hpp"
#include "core/gather.hpp"
#include "core/names.hpp"

namespace bpl {

namespace {

constexpr Index kQueriesPerStep = 32;     // CV: test samples per KnnCvRun::step (~1 ms in wasm)
constexpr std::size_t kCompareChunk = 16; // comparison: test images timed together

// Majority vote of labels[0..k) (ties: the smallest label, as knn_predict and scikit-learn).
int vote(const std::vector<int>& labels, int k, int* votes) {
  int counts[kClasses] = {};
  for (int i = 0; i < k; ++i) ++counts[labels[static_cast<std::size_t>(i)]];
  const int best = static_cast<int>(std::max_element(counts, counts + kClasses) - counts);
  if (votes) *votes = counts[best];
  return best;
}

}  // namespace

const char* to_string(KnnScaling s) {
  switch (s) {
    case KnnScaling::Raw: return "raw";
    case KnnScaling::Divide16: return "divide16";
    case KnnScaling::Standardize: return "standardize";
  }
  return "?";
}

bool parse_knn_scaling(std::string_view s, KnnScaling* out) {
  return parse_name(s, {KnnScaling::Raw, KnnScaling::Divide16, KnnScaling::Standardize}, out);
}

Status KnnCvOptions::validate() const {
  if (folds < 2 || folds > 20) return Status::Error("folds must be in 2..20");
  if (k_max < 1 || k_max > 30) return Status::Error("k_max must be in 1..30");
  return Status::Ok();
}

// ------------------------------------------------------------------ cross-validation

Status KnnJob::start(const Dataset& data, const KnnCvOptions& opt) {
  if (Status s = opt.validate(); !s) return s;
  if (data.size() == 0) return Status::Error("no data loaded yet");
  KnnCvConfig cfg;
  cfg.k_max = opt.k_max;
  cfg.folds = opt.folds;
  cfg.scheme = opt.shuffle ? FoldScheme::StratifiedShuffled : FoldScheme::Contiguous;
  cfg.seed = opt.seed;
  cfg.keep_predictions = false;
  cfg.standardize = opt.scaling == KnnScaling::Standardize;
  // /16 is exact in binary floating point: the same neighbours as raw (the option shows it).
  const MatD X = opt.scaling == KnnScaling::Divide16 ? MatD(data.X / 16.0) : data.X;
  KnnCvRun run;
  if (Status s = run.start(X, data.y, cfg); !s) return s;
  run_ = std::move(run);
  opt_ = opt;
  running_ = true;
  run_ms_ = 0;
  ++version_;
  return Status::Ok();
}

void KnnJob::cancel() {
  if (running_) ++version_;
  running_ = false;
  run_ = KnnCvRun();
}

bool KnnJob::run_for(AppState& app, double budget_ms) {
  if (!busy()) return false;
  ++version_;
  const double t0 = now_ms(), deadline = t0 + budget_ms;
  // At least one step per call (whatever the budget), then until the budget is used.
  for (bool first = true; running_ && (first || now_ms() < deadline); first = false) {
    if (run_.step(kQueriesPerStep)) {
      result_ = run_.result();
      result_opt_ = opt_;
      has_result_ = true;
      running_ = false;
      ++runs_completed_;
      run_ms_ += now_ms() - t0;
      last_run_ms_ = run_ms_;
      run_ = KnnCvRun();
      return true;
    }
  }
  if (running_) run_ms_ += now_ms() - t0;
  if (cmp_running_) compare_slice(app, deadline);
  return true;
}

// ------------------------------------------------------------------ the training split

void KnnJob::refresh_train_matrix(const AppState& app) {
  if (train_split_version_ == app.split_version() && train_X_.cols() > 0) return;
  const std::vector<int>& train = app.trainer().indices(Subset::Train);
  train_X_ = gather_columns(app.data().X, train);   // (64 x n_train), raw 0..16
  train_y_ = gather(app.data().y, train);
  train_split_version_ = app.split_version();
  cmp_.done = false;
}

// ------------------------------------------------------------------ network vs kNN

Status KnnJob::start_comparison(int k) {
  if (k < 1) return Status::Error("k must be at least 1 (got " + std::to_string(k) + ")");
  cmp_k_ = k;
  cmp_running_ = true;
  cmp_next_ = 0;
  cmp_knn_correct_ = 0;
  cmp_knn_ms_ = 0;
  last_error_.clear();
  ++version_;
  return Status::Ok();
}

void KnnJob::cancel_comparison() {
  if (cmp_running_) ++version_;
  cmp_running_ = false;
}

double KnnJob::comparison_progress() const {
  if (!cmp_running_) return cmp_.done ? 1.0 : 0.0;
  return cmp_.n_test > 0 ? static_cast<double>(cmp_next_) / cmp_.n_test : 0.0;
}

// kNN: the test images one at a time, in chunks timed together (a browser's clock is coarse).
// The network: the same images one at a time through predict_raw (scaling + forward pass),
// repeated until the measurement spans at least 2 ms; its accuracy from the same predictions.
void KnnJob::compare_slice(AppState& app, double deadline_ms) {
  refresh_train_matrix(app);
  Trainer& trainer = app.trainer();
  const std::vector<int>& test = trainer.indices(Subset::Test);
  const MatD& X = trainer.data().X;
  const std::vector<int>& y = trainer.data().y;
  const int k = std::min<int>(cmp_k_, static_cast<int>(train_X_.cols()));
  cmp_.n_test = static_cast<int>(test.size());
  if (test.empty() || k < 1) {
    last_error_ = test.empty() ? "no test images to measure on" : "no training images to compare with";
    cmp_running_ = false;
    return;
  }
  for (bool first = true; cmp_next_ < test.size() && (first || now_ms() < deadline_ms); first = false) {
    const std::size_t end = std::min(test.size(), cmp_next_ + kCompareChunk);
    const double t0 = now_ms();
    for (std::size_t i = cmp_next_; i < end; ++i) {
      Result<std::vector<Neighbor>> r = nearest(train_X_, X.col(test[i]), k);
      if (!r.ok()) continue;
      std::vector<int> labels;
      for (const Neighbor& n : r.value) labels.push_back(train_y_[static_cast<std::size_t>(n.index)]);
      cmp_knn_correct_ += vote(labels, k, nullptr) == y[static_cast<std::size_t>(test[i])];
    }
    cmp_knn_ms_ += now_ms() - t0;
    cmp_next_ = end;
  }
  if (cmp_next_ < test.size()) return;

  // The network, one image at a time.
  int net_correct = 0, passes = 0;
  const double t0 = now_ms();
  double t1 = t0;
  do {
    net_correct = 0;
    for (int i : test) {
      const VecF p = trainer.predict_raw(X.col(i));
      Index best = 0;
      p.maxCoeff(&best);
      net_correct += static_cast<int>(best) == y[static_cast<std::size_t>(i)];
    }
    ++passes;
    t1 = now_ms();
  } while (t1 - t0 < 2.0 && passes < 1000);

  const double n = static_cast<double>(test.size());
  cmp_.k = k;
  cmp_.n_train = static_cast<int>(train_X_.cols());
  cmp_.knn_accuracy = cmp_knn_correct_ / n;
  cmp_.net_accuracy = net_correct / n;
  // kNN keeps every training image (64 doubles, as it computes with them) and its label; the
  // network keeps its parameters (floats) and the input scaling (mean and scale per pixel).
  cmp_.knn_bytes = static_cast<std::size_t>(train_X_.size()) * sizeof(double) + train_y_.size() * sizeof(int);
  cmp_.net_bytes = static_cast<std::size_t>(trainer.net().theta().size()) * sizeof(float) + 2 * kPixels * sizeof(double);
  cmp_.knn_us = 1000.0 * cmp_knn_ms_ / n;
  cmp_.net_us = 1000.0 * (t1 - t0) / (n * passes);
  cmp_.weights_version = app.weights_version();
  cmp_.done = true;
  cmp_running_ = false;
}

}  // namespace bpl
