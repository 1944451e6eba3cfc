// Everything the app knows, with no ImGui, GLFW or Emscripten in sight: the data (once), the
// training sessions, the current input (a sketch or a dataset image), the shared focus and the
// derived views the panels show. The UI and the browser automation API (window.lab) both drive
// the app through this.
//
// Sessions: the MAIN session is the network the Network/Training/Weights/Decision panels show
// and the toolbar trains; experiments (the optimizer race, sweeps...) add more sessions, each
// with its own TrainConfig, weights, optimizer and history (a Trainer), all on the one shared
// Dataset; sessions with the same split/scaling/augmentation also share the split and scaled
// matrices (PreparedData). One Scheduler shares each frame's training budget among the sessions
// that are training (see scheduler.hpp). config()/set_config()/trainer()/training()/step()/
// reset() are the main session's.
//
// Versions: caches key on counters, never on pointers. Every session has a weights version
// (bumped whenever its weights change) and a history version (bumped whenever its history
// changes); split_version() changes when the main session's split or scaling changes;
// focus_version() when the focus changes.
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "app/experiments.hpp"
#include "app/race.hpp"
#include "app/scheduler.hpp"
#include "core/status.hpp"
#include "data/dataset.hpp"
#include "nn/metrics.hpp"
#include "train/trainer.hpp"
#include "app/lessons.hpp"
#include "app/view_state.hpp"

namespace bpl {

enum class InputSource { None, Sketch, Dataset };

// The training images nearest to the current input (Euclidean distance on the raw 0..16 pixels)
// and the vote of the closest few: k-nearest neighbours, beside the network's answer.
struct InputNeighbours {
  static constexpr int kShown = 10;   // neighbours listed
  static constexpr int kVote = 5;     // the closest kVote vote (ties: the smallest digit, as scikit-learn)
  std::vector<int> index;             // dataset indices, closest first
  std::vector<int> label;
  std::vector<double> distance;
  int vote = -1;                      // the vote's digit; -1 when there is no input
  int votes = 0;                      // how many of the kVote voted for it
  std::string error;
};

using SessionId = int;
constexpr SessionId kMainSession = 0;
constexpr SessionId kNoSession = -1;

// One training run on the app's data.
struct Session {
  SessionId id = kMainSession;
  std::string label;                         // shown by experiments, e.g. "adam lr=0.001"
  Trainer trainer;                           // config, weights, optimizer, history
  bool training = false;                     // the scheduler steps it each frame
  unsigned long long weights_version = 1;    // bumped whenever the weights change
  unsigned long long history_version = 1;    // bumped whenever the history changes
  double steps_per_second = 0;               // recent rate while training (wall clock)
};

// What the user is looking at, shared by every panel: selecting a digit or a unit in one panel
// shows it in the others.
struct Focus {
  int example = -1;   // dataset index (all 1,797 images); -1: none
  int layer = -1;     // layer of the focused unit: 1..L-1 hidden, L = output; -1: none
  int unit = -1;      // unit within that layer (0-based); -1: none
  bool has_unit() const { return layer >= 1 && unit >= 0; }
};

class AppState {
 public:
  AppState();

  // ---- data
  // Parses the digits CSV text (the browser decompresses assets/digits.csv.gz) and starts the
  // main session with the current config. Bad input: message, nothing changes.
  Status load_data_csv(std::string_view text);
  bool has_data() const { return has_data_; }
  const Dataset& data() const { return *data_; }
  // Bumped whenever the main session's split or scaling changes (new data, config).
  unsigned long long split_version() const { return split_version_; }

  // ---- configuration of the main session (Network panel, window.lab.setConfig)
  const TrainConfig& config() const { return main().trainer.config(); }
  // Validates and applies; on error returns the message and changes nothing.
  Status set_config(const TrainConfig& cfg);

  // ---- training of the main session (runs in time slices inside the frame loop)
  bool training() const { return main().training; }
  void set_training(bool on);
  void step(int n = 1);          // n optimizer steps, regardless of the training flag
  void reset();                  // re-initialize weights from the seed, clear curves
  Trainer& trainer() { return main().trainer; }
  const Trainer& trainer() const { return main().trainer; }
  unsigned long long weights_version() const { return main().weights_version; }
  unsigned long long history_version() const { return main().history_version; }
  double steps_per_second() const { return main().steps_per_second; }
  // Test accuracy of the main session: known once training has stopped or paused (NaN otherwise).
  double test_accuracy() const { return test_accuracy_; }
  std::string status_line() const;

  // ---- all sessions
  // Shares budget_ms among every training session (Scheduler); at least one step when one
  // trains and the budget is not all debt. Returns the steps taken.
  int train_for(double budget_ms);
  bool any_training() const;
  // A new session on the app's data (training off, weights from cfg.init_seed). Errors: no
  // data yet, invalid config.
  Result<SessionId> add_session(const TrainConfig& cfg, std::string label = {});
  // Removes a session; false for the main session or an unknown id.
  bool remove_session(SessionId id);
  Session* session(SessionId id);                 // nullptr for an unknown id
  const Session* session(SessionId id) const;
  std::vector<SessionId> session_ids() const;     // the main session first, then in creation order
  Status set_session_config(SessionId id, const TrainConfig& cfg);
  void set_session_training(SessionId id, bool on);
  void step_session(SessionId id, int n = 1);
  void reset_session(SessionId id);
  const Scheduler& scheduler() const { return scheduler_; }

  // ---- experiments (each runs in sessions of its own)
  Race& race() { return race_; }
  const Race& race() const { return race_; }

  // ---- shared focus
  const Focus& focus() const { return focus_; }
  unsigned long long focus_version() const { return focus_version_; }
  // Focuses a dataset image and makes it the current input (as select_dataset_image).
  void set_focus_example(int index) { select_dataset_image(index); }
  // Focuses unit `unit` of layer `layer` of the main network (1..L); out of range: no unit.
  void set_focus_unit(int layer, int unit);
  void clear_focus_unit();

  // ---- current input
  InputSource input_source() const { return source_; }
  int selected_index() const { return selected_; }     // dataset index when source is Dataset
  void select_dataset_image(int index);                // also focuses that example
  // The sketch's 8x8 counts (0..16) become the input; `valid` false means an empty sketch.
  void set_sketch_input(const VecD& counts64, bool valid);
  void clear_input();
  const VecD& input_pixels() const { return input_; }  // raw 0..16, 64 values, row-major
  bool has_input() const { return source_ != InputSource::None; }
  // Probabilities of the current input under the current weights (recomputed lazily).
  const VecF& input_probabilities();
  // Hidden activations a_1..a_{L-1} of the current input (for colour strips).
  const std::vector<VecF>& input_activations();
  // Classify any 64 raw values 0..16 (window.lab.predict).
  VecF predict_raw(const VecD& pixels64) { return trainer().predict_raw(pixels64); }

  // The nearest training images of the current input (recomputed when the input or the split changes).
  const InputNeighbours& input_neighbours();

  // ---- test-set decisions of the main session (recomputed lazily when the weights change)
  const ConfusionMatrix& test_confusion();
  const std::vector<int>& test_predictions();     // per test sample, aligned with trainer().indices(Test)

  // ---- which panels are open (the UI lays them out; window.lab and links read it)
  ViewState& view() { return view_; }
  const ViewState& view() const { return view_; }

  // ---- where the student is in the guided lessons (the Lessons panel draws it)
  LessonProgress& lesson_progress() { return lesson_progress_; }
  const LessonProgress& lesson_progress() const { return lesson_progress_; }

  // ---- experiments (kNN, decision map, sweeps): jobs in time slices, see experiments.hpp
  Experiments& experiments() { return experiments_; }
  // Runs the experiments' jobs for up to budget_ms (the frame loop calls it every frame).
  bool run_jobs(double budget_ms) { return experiments_.run_for(*this, budget_ms); }

  // Last error to show the user (bad config, bad file...).
  const std::string& last_error() const { return last_error_; }
  void set_error(std::string e) { last_error_ = std::move(e); }

 private:
  Session& main() { return *sessions_.front(); }
  const Session& main() const { return *sessions_.front(); }
  void continue_if_stopped(Session& s);
  void weights_changed(Session& s);
  void history_maybe_changed(Session& s, std::size_t points_before);
  void validate_focus();
  void refresh_test();
  void refresh_input();
  // Prepared data matching cfg's recipe from any session, or nullptr.
  std::shared_ptr<const PreparedData> shared_prepared(const TrainConfig& cfg) const;

  std::shared_ptr<const Dataset> data_;
  std::vector<std::unique_ptr<Session>> sessions_;   // [0] is the main session
  SessionId next_id_ = kMainSession + 1;
  Scheduler scheduler_;
  Race race_;
  bool has_data_ = false;
  unsigned long long split_version_ = 1;
  double test_accuracy_;
  std::string last_error_;
  ViewState view_;
  LessonProgress lesson_progress_;

  Focus focus_;
  unsigned long long focus_version_ = 1;

  InputSource source_ = InputSource::None;
  int selected_ = -1;
  VecD input_ = VecD::Zero(kPixels);
  VecF input_probs_;
  std::vector<VecF> input_acts_;
  unsigned long long input_version_ = 0;
  unsigned long long input_serial_ = 1;        // bumped whenever the input changes

  InputNeighbours neighbours_;
  MatD knn_train_;                             // raw training images of the main split (64 x n)
  unsigned long long knn_split_ = 0, knn_input_ = 0;

  Experiments experiments_;

  ConfusionMatrix test_cm_;
  std::vector<int> test_pred_;
  unsigned long long test_version_ = 0;
};

// The default configuration of the app (see app_state.cpp for why).
TrainConfig default_app_config();

}  // namespace bpl
