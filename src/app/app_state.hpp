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
#include "train/trainer.hpp"
#include "app/backprop_stepper.hpp"
#include "app/lessons.hpp"
#include "app/view_state.hpp"

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

  // ---- training (runs in time slices inside the frame loop)
  bool training() const { return training_; }
  void set_training(bool on);
  // Steps the optimizer until budget_ms has elapsed (at least one step). Returns steps taken.
  int train_for(double budget_ms);
  void step(int n = 1);          // n optimizer steps, regardless of the training flag
  void reset();                  // re-initialize weights from the seed, clear curves
  Trainer& trainer() { return trainer_; }
  const Trainer& trainer() const { return trainer_; }
  // Bumped whenever the weights change; views cache against it.
  unsigned long long weights_version() const { return weights_version_; }
  double steps_per_second() const { return steps_per_second_; }
  // Test accuracy: known once training has stopped or paused (NaN otherwise).
  double test_accuracy() const { return test_accuracy_; }
  std::string status_line() const;

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

  // ---- which panels are open (the UI lays them out; window.lab and links read it)
  ViewState& view() { return view_; }
  const ViewState& view() const { return view_; }

  // ---- where the student is in the guided lessons (the Lessons panel draws it)
  LessonProgress& lesson_progress() { return lesson_progress_; }
  const LessonProgress& lesson_progress() const { return lesson_progress_; }

  // Last error to show the user (bad config, bad file...).
  const std::string& last_error() const { return last_error_; }
  void set_error(std::string e) { last_error_ = std::move(e); }

 private:
  void continue_if_stopped();
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

  InputSource source_ = InputSource::None;
  int selected_ = -1;
  VecD input_ = VecD::Zero(kPixels);
  VecF input_probs_;
  std::vector<VecF> input_acts_;
  unsigned long long input_version_ = 0;
  unsigned long long input_serial_ = 0;
  BackpropStepper backprop_;

  ConfusionMatrix test_cm_;
  std::vector<int> test_pred_;
  unsigned long long test_version_ = 0;
};

// The default configuration of the app (see app_state.cpp for why).
TrainConfig default_app_config();

}  // namespace bpl
