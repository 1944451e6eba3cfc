// The notebook's kNN experiment in the page, below the UI (no ImGui):
//   * cross-validation of k = 1..15 computed in time slices (src/knn's KnnCvRun) with progress
//     and cancel: folds in file order (the notebook's, = scikit-learn's KFold) or shuffled and
//     stratified (seeded); raw 0..16, /16 or standardized inputs (fitted per training fold);
//   (the current input's nearest training images and their vote: AppState::input_neighbours);
//   * network vs kNN measured in the page: test accuracy, model bytes, microseconds per
//     prediction (one image at a time, as a sketch is classified), also in slices.
// The Decision map and the kNN panel read it; window.lab.knn drives the same job.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.hpp"
#include "core/types.hpp"
#include "data/dataset.hpp"
#include "knn/knn.hpp"

namespace bpl {

class AppState;

enum class KnnScaling { Raw, Divide16, Standardize };
const char* to_string(KnnScaling s);
bool parse_knn_scaling(std::string_view s, KnnScaling* out);   // "raw" | "divide16" | "standardize"

struct KnnCvOptions {
  int folds = 4;                        // 2..20
  bool shuffle = false;                 // false: contiguous folds in file order (the notebook's)
  std::uint64_t seed = 42;              // shuffled stratified folds only
  KnnScaling scaling = KnnScaling::Raw;
  int k_max = kKnnDefaultKMax;          // 1..30
  Status validate() const;
};

// Network vs kNN on the test split, measured here.
struct KnnComparison {
  bool done = false;
  int k = 0;
  int n_train = 0, n_test = 0;
  double knn_accuracy = 0, net_accuracy = 0;
  std::size_t knn_bytes = 0, net_bytes = 0;   // what each must keep to classify
  double knn_us = 0, net_us = 0;              // per prediction, one image at a time
  unsigned long long weights_version = 0;     // of the network measured
};

class KnnJob {
 public:
  // ---- cross-validation
  // Starts a run (replacing a running one). Bad options: message, nothing changes.
  Status start(const Dataset& data, const KnnCvOptions& opt);
  void cancel();
  bool running() const { return running_; }
  double progress() const { return running_ ? run_.progress() : (has_result_ ? 1.0 : 0.0); }
  // The last COMPLETED run (its options in result_options()); null before one completes.
  const KnnCvResult* result() const { return has_result_ ? &result_ : nullptr; }
  const KnnCvOptions& result_options() const { return result_opt_; }
  const KnnCvOptions& options() const { return opt_; }   // of the running or last started run
  unsigned long long runs_completed() const { return runs_completed_; }
  double last_run_ms() const { return last_run_ms_; }   // compute time of the last completed run

  // ---- comparison with the network (sliced as well)
  // Starts measuring with k neighbours (a running measurement restarts). Refused (message,
  // nothing changes): k < 1.
  [[nodiscard]] Status start_comparison(int k);
  void cancel_comparison();
  bool comparing() const { return cmp_running_; }
  double comparison_progress() const;
  const KnnComparison& comparison() const { return cmp_; }

  // Work on whatever is running until budget_ms has passed (the comparison measures the main
  // session's network). Returns true if anything ran.
  bool run_for(AppState& app, double budget_ms);
  bool busy() const { return running_ || cmp_running_; }
  // Bumped by every start, slice, cancel and result (the Job interface, app_jobs.hpp).
  unsigned long long version() const { return version_; }
  // Why the last comparison could not measure (e.g. no test images); empty otherwise.
  const std::string& last_error() const { return last_error_; }

 private:
  void compare_slice(AppState& app, double deadline_ms);
  void refresh_train_matrix(const AppState& app);

  KnnCvOptions opt_, result_opt_;
  KnnCvRun run_;
  KnnCvResult result_;
  bool running_ = false, has_result_ = false;
  unsigned long long runs_completed_ = 0;
  double run_ms_ = 0, last_run_ms_ = 0;
  unsigned long long version_ = 0;
  std::string last_error_;

  // the main session's training split as a matrix (raw pixels), keyed on the split version
  unsigned long long train_split_version_ = 0;
  MatD train_X_;
  std::vector<int> train_y_;

  KnnComparison cmp_;
  bool cmp_running_ = false;
  int cmp_k_ = 3;
  std::size_t cmp_next_ = 0;
  int cmp_knn_correct_ = 0;
  double cmp_knn_ms_ = 0;
};

}  // namespace bpl
