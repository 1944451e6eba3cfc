// Everything the app knows, with no ImGui, GLFW or Emscripten in sight: the data, the training
// session, the current input (a sketch or a dataset image) and the derived views the panels
// show. The UI and the browser automation API (window.lab) both drive the app through this.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "core/status.hpp"
#include "data/dataset.hpp"
#include "nn/metrics.hpp"
#include "train/presets.hpp"
#include "train/trainer.hpp"
#include "app/backprop_stepper.hpp"
#include "app/lessons.hpp"
#include "app/view_state.hpp"
#include "app/gradcheck_job.hpp"

namespace bpl {

enum class InputSource { None, Sketch, Dataset };

class AppState {
 public:
  AppState();

  // ---- data
  // Parses the digits CSV text (the browser decompresses assets/digits.csv.gz) and starts a
  // session with the current config. Bad input: message, nothing changes.
  Status load_data_csv(std::string_view text);
  bool has_data() const { return has_data_; }
  const Dataset& data() const { return trainer_.data(); }

  // ---- configuration (edited by the Network panel or window.lab.setConfig)
  const TrainConfig& config() const { return trainer_.config(); }
  // Validates and applies; on error returns the message and changes nothing.
  Status set_config(const TrainConfig& cfg);
  // The active preset's id (src/train/presets.hpp), or "custom" once any setting differs from
  // the preset it started from. apply_preset(id) = set_config(that preset's config).
  const std::string& preset() const { return preset_; }
  Status apply_preset(std::string_view id);
  // Distorted copies of training image `sample` (index into the training split, wrapped) under
  // `aug`: the Network panel's live preview strip. Cached on (aug, sample, n, data version).
  const std::vector<VecD>& augment_preview(const AugmentConfig& aug, int sample, int n);
  // The raw 64 pixels of training image `sample` (wrapped), zeros without data.
  VecD training_image(int sample) const;

  // ---- training (runs in time slices inside the frame loop)
  bool training() const { return training_; }
  void set_training(bool on);
  // Steps the optimizer until budget_ms has elapsed (at least one step). Returns steps taken.
  int train_for(double budget_ms);
  void step(int n = 1);          // n optimizer steps, regardless of the training flag
  void reset();                  // re-initialize weights from the seed, clear curves
  Trainer& trainer() { return trainer_; }
  const Trainer& trainer() const { return trainer_; }
  // True while anything computes in slices and so needs frames: training, and every background
  // job (gradient check, kNN CV, sweep, ...): a job that runs in slices adds its own
  // "still running" test to AppState::busy() in app_state.cpp. The browser's frame loop
  // (src/platform/main_web.cpp) stops drawing when busy() is false and nobody touches the page
  // (a 1 Hz heartbeat at most), so a job that is not counted here would stall.
  bool busy() const;
  // Bumped whenever the weights change; views cache against it.
  unsigned long long weights_version() const { return weights_version_; }
  double steps_per_second() const { return steps_per_second_; }
  // Test accuracy: known once training has stopped or paused (NaN otherwise).
  double test_accuracy() const { return test_accuracy_; }
  std::string status_line() const;

  // ---- model files (window.lab.exportModel/importModel and the toolbar's Model menu)
  // The current model in the engine's model file format (src/train/model_io.hpp).
  std::string export_model() const;
  // Parses, validates and applies a model file's text: config, input scaling and weights
  // replace the current ones, history restarts at the imported weights, training pauses.
  // Any problem (not JSON, another format or version, wrong sizes, NaN, too large a network, a
  // binary file, ...) returns the message and changes nothing: weights, curves, training.
  Status import_model(std::string_view text);
  static constexpr std::size_t kMaxModelBytes = std::size_t(16) << 20;   // 16 MB (web/files.js too)
  // What a config would cost (parameters, work per pass, memory) on the loaded digits.
  WorkEstimate estimate(const TrainConfig& cfg) const;

  // ---- current input
  InputSource input_source() const { return source_; }
  int selected_index() const { return selected_; }     // dataset index when source is Dataset
  void select_dataset_image(int index);
  // The sketch's 8x8 counts (0..16) become the input; `valid` false means an empty sketch.
  void set_sketch_input(const VecD& counts64, bool valid);
  void clear_input();
  const VecD& input_pixels() const { return input_; }  // raw 0..16, 64 values, row-major
  bool has_input() const { return source_ != InputSource::None; }
  // Bumped whenever the current input changes (a click in Data/Mistakes, a sketch edit, a clear).
  unsigned long long input_serial() const { return input_serial_; }
  // Probabilities of the current input under the current weights (recomputed lazily).
  const VecF& input_probabilities();
  // Hidden activations a_1..a_{L-1} of the current input (for colour strips).
  const std::vector<VecF>& input_activations();
  // Classify any 64 raw values 0..16 (window.lab.predict).
  VecF predict_raw(const VecD& pixels64) { return trainer_.predict_raw(pixels64); }

  // ---- test-set decisions (recomputed lazily when the weights change)
  const ConfusionMatrix& test_confusion();
  const std::vector<int>& test_predictions();     // per test sample, aligned with trainer().indices(Test)

  // ---- edits of the weights by hand (the Backprop panel's "Apply this update")
  // theta += delta (flat layout, as doubles rounded to the network's floats); pauses training and
  // bumps weights_version(). Wrong size: message, nothing changes.
  Status add_to_weights(const VecD& delta);

  // ---- the Backprop panel's stepper (one example through the network, step by step)
  BackpropStepper& backprop() { return backprop_; }
  const BackpropStepper& backprop() const { return backprop_; }

  // ---- which panels are open (the UI lays them out; window.lab and links read it)
  ViewState& view() { return view_; }
  const ViewState& view() const { return view_; }

  // ---- where the student is in the guided lessons (the Lessons panel draws it)
  LessonProgress& lesson_progress() { return lesson_progress_; }
  const LessonProgress& lesson_progress() const { return lesson_progress_; }

  // ---- the gradient check (Gradient check panel, window.lab.gradcheck), run in time slices
  GradcheckJob& gradcheck() { return gradcheck_; }
  const GradcheckJob& gradcheck() const { return gradcheck_; }
  // Starts a gradient check of the current weights (a running one is replaced).
  Status start_gradcheck(const GradcheckRequest& req);
  // Advances background jobs (the gradient check) by about budget_ms; the frame loop calls it.
  void run_jobs(double budget_ms) { gradcheck_.run_for(budget_ms); }

  // Last error to show the user (bad config, bad file...).
  const std::string& last_error() const { return last_error_; }
  void set_error(std::string e) { last_error_ = std::move(e); }
  // Last success message to show (e.g. "Imported model ..."); cleared by the next error.
  const std::string& last_notice() const { return last_notice_; }
  void set_notice(std::string n) { last_notice_ = std::move(n); }

 private:
  void continue_if_stopped();
  void note_divergence();
  void weights_changed();
  void refresh_test();
  void refresh_input();

  Trainer trainer_;
  bool has_data_ = false;
  bool training_ = false;
  unsigned long long weights_version_ = 1;
  double steps_per_second_ = 0;
  double test_accuracy_;
  std::string last_error_;
  ViewState view_;
  LessonProgress lesson_progress_;
  std::string last_notice_;
  GradcheckJob gradcheck_;

  InputSource source_ = InputSource::None;
  int selected_ = -1;
  VecD input_ = VecD::Zero(kPixels);
  VecF input_probs_;
  std::vector<VecF> input_acts_;
  unsigned long long input_version_ = 0;
  unsigned long long input_serial_ = 0;
  BackpropStepper backprop_;

  std::string preset_ = "custom";
  AugmentConfig preview_aug_;
  int preview_sample_ = -1, preview_n_ = 0;
  unsigned long long preview_data_ = 0, data_version_ = 0;
  std::vector<VecD> preview_;

  ConfusionMatrix test_cm_;
  std::vector<int> test_pred_;
  unsigned long long test_version_ = 0;
};

// The default configuration of the app: the default preset's (see src/train/presets.cpp).
TrainConfig default_app_config();

// How sure the network is of one input, from its 10 outputs. Sigmoid (Ng) outputs need not sum
// to 1, so the outputs are normalized to sum 1 first; for softmax that changes nothing.
// unsure: the top normalized probability is below kUnsureBelow; candidates: the top 3 digits
// with their normalized probabilities, best first.
// Why 0.8 and not 0.5: a softmax network trained with cross-entropy is overconfident. With the
// default preset, on the VALIDATION split a top probability below 0.5 never occurs (0 of 359
// images), below 0.8 it occurs for 1.9% of them (and holds 1 of its 3 errors), below 0.9 for
// 3.9% (still 1 of 3). 0.8 is the highest threshold that flags under ~2% of ordinary digits.
constexpr float kUnsureBelow = 0.8f;
struct Reading {
  int digit = -1;            // the argmax
  float confidence = 0;      // its normalized probability
  bool unsure = true;
  int candidates[3] = {-1, -1, -1};
  float candidate_p[3] = {0, 0, 0};
};
Reading read_outputs(const VecF& outputs);

}  // namespace bpl
