// The Gradient check panel's job (and window.lab.gradcheck.run's): a gradient check of the live
// network, or of one of the notebook's broken variants (nn/notebook_mistakes.hpp), run in time
// slices inside the frame loop with progress, cancellable. No ImGui.
//
// What it checks, exactly:
//   * the weights: the live network's (float) converted to double when the job starts (a
//     snapshot: training may go on meanwhile); for log_init, weights drawn with the broken init
//     range from the config's init seed instead (the point of that variant is the starting point);
//   * the batch: the first 20 images of the training split (split order), scaled exactly as the
//     trainer scales them (no augmentation), with their one-hot labels;
//   * the cost: J on that batch with lambda = the config's lambda (or 0 when "lambda off") and the
//     regularizer normalized by the training set's size as in training (x5 with augmentation);
//   * the parameters: a random sample of N spread evenly over the layers (seeded), or every
//     parameter of one layer;
//   * per parameter: a plain central difference at the chosen epsilon (2 cost evaluations)
//     against backprop, relative error with the floor kGradCheckTiny, pass below kGradCheckThreshold
//     (nn/gradcheck_run.hpp says why those values).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "app/job.hpp"
#include "core/status.hpp"
#include "nn/gradcheck_run.hpp"
#include "nn/notebook_mistakes.hpp"

namespace bpl {

class Trainer;

constexpr int kGradcheckBatch = 20;            // training images the cost is evaluated on
constexpr int kGradcheckDefaultSamples = 200;  // default random sample size

struct GradcheckRequest {
  NotebookMistake mistake = NotebookMistake::None;
  double epsilon = kGradCheckDefaultEpsilon;   // 1e-8 .. 1e-2
  int samples = kGradcheckDefaultSamples;      // random sample size (layer == 0), >= 1
  int layer = 0;                               // 0: random sample; 1..L: every parameter of layer l
  bool lambda_on = true;                       // the config's lambda, or 0
  std::uint64_t seed = 1;                      // which random sample
};

enum class JobState { Idle, Running, Done, Cancelled };
const char* to_string(JobState s);   // "idle" | "running" | "done" | "cancelled"

class GradcheckJob : public Job {
 public:
  // Starts a check of the trainer's current network (a running one is replaced). On error
  // (no data, bad request) nothing changes and the message says what is wrong.
  Status start(const Trainer& trainer, unsigned long long weights_version, const GradcheckRequest& req);
  // Checks parameters until budget_ms has elapsed (at least one); nothing when not running.
  // Returns whether it checked any.
  bool run_for(double budget_ms) override;
  void cancel() override;

  JobState state() const { return state_; }
  bool running() const override { return state_ == JobState::Running; }
  double progress() const override;   // 0..1 of the parameters checked
  unsigned long long version() const override { return version_; }   // start, every slice, cancel
  std::string last_error() const override { return {}; }            // a check cannot fail midway
  unsigned long long id() const { return id_; }   // bumped by every start
  const GradcheckRequest& request() const { return req_; }
  const GradCheckRun& run() const { return run_; }
  unsigned long long weights_version() const { return weights_version_; }   // of the checked weights
  double lambda() const { return lambda_; }        // the lambda actually used
  Index m_reg() const { return m_reg_; }
  int batch_size() const { return batch_; }
  // Init ranges (per layer, 1..L at [l-1]) of the variant's init and of the engine's, for log_init.
  const std::vector<double>& init_ranges() const { return init_ranges_; }
  const std::vector<double>& engine_init_ranges() const { return engine_ranges_; }
  // Indices into run().results(), worst relative error first.
  std::vector<int> worst_first() const;
  // Layers whose check failed (1-based), in order.
  std::vector<int> failing_layers() const;

 private:
  GradCheckRun run_;
  GradcheckRequest req_;
  JobState state_ = JobState::Idle;
  unsigned long long id_ = 0;
  unsigned long long version_ = 0;
  unsigned long long weights_version_ = 0;
  double lambda_ = 0;
  Index m_reg_ = 0;
  int batch_ = 0;
  std::vector<double> init_ranges_, engine_ranges_;
};

// Checks a request against an architecture: the message for the first bad field, or ok.
Status validate_gradcheck_request(const GradcheckRequest& req, const Architecture& A);

// window.lab.gradcheck: a request from JSON text {mistake, samples, epsilon, layer, lambda, seed}
// (every key optional; defaults as GradcheckRequest; unknown keys and wrong types are errors).
Result<GradcheckRequest> gradcheck_request_from_json(std::string_view text, const Architecture& A);
// The job as JSON: {id, state, progress, checked, total, request..., max_relative_error, pass,
// worst_layer, failing_layers, per_layer: [{layer, checked, failed, max_relative_error, worst}],
// worst_parameters (the 10 worst), threshold, batch, ...}. See README's API table.
std::string gradcheck_json(const GradcheckJob& job);

}  // namespace bpl
