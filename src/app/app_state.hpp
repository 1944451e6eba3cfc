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

#include "app/app_jobs.hpp"
#include "app/experiments.hpp"
#include "app/job_registry.hpp"
#include "app/my_digits.hpp"
#include "app/race.hpp"
#include "app/scheduler.hpp"
#include "app/sketch_input.hpp"
#include "core/status.hpp"
#include "data/dataset.hpp"
#include "nn/metrics.hpp"
#include "train/presets.hpp"
#include "train/reading.hpp"
#include "train/trainer.hpp"
#include "app/backprop_stepper.hpp"
#include "app/lessons.hpp"
#include "app/view_state.hpp"
#include "app/gradcheck_job.hpp"
#include "app/unit_stats.hpp"

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
  AppState(const AppState&) = delete;              // its jobs (jobs()) refer to it
  AppState& operator=(const AppState&) = delete;

  // ---- data
  // Parses the digits file's text, CSV or the compact form (the browser decompresses
  // assets/digits.txt.gz; data/dataset.hpp's parse_digits) and starts the main session with the
  // current config. Bad input: message, nothing changes.
  Status load_data_csv(std::string_view text);
  bool has_data() const { return has_data_; }
  const Dataset& data() const { return *data_; }
  // Bumped whenever the main session's split or scaling changes (new data, config).
  unsigned long long split_version() const { return split_version_; }

  // ---- configuration of the main session (Network panel, window.lab.setConfig)
  const TrainConfig& config() const { return main().trainer.config(); }
  // Validates and applies; on error returns the message and changes nothing.
  Status set_config(const TrainConfig& cfg);
  // The active preset's id (src/train/presets.hpp), or "custom" once any setting differs from
  // the preset it started from. apply_preset(id) = set_config(that preset's config).
  const std::string& preset() const { return preset_; }
  Status apply_preset(std::string_view id);

  // ---- a trained network is set aside, never lost (undo)
  // A change that starts the main session from new weights after it has trained (set_config or
  // apply_preset with another architecture, seed, split or fitted images; reset()) keeps the
  // trained session aside whole: config, weights, curves, optimizer state, preset. One level: a
  // newer such change replaces what was kept; new data or an imported model drop it.
  // Whether applying cfg would set the trained network aside (the Network panel says so first).
  bool would_set_aside(const TrainConfig& cfg) const;
  // What is kept, in words ("64-25-10 sigmoid, sigmoid outputs after 120 iterations, 97.8%
  // validation"); empty when nothing is.
  const std::string& set_aside() const { return aside_what_; }
  // Brings the kept network back as the main session (training paused) and drops the newer one.
  // Nothing kept: an error, nothing changes.
  Status undo_set_aside();
  // Forgets the kept network (the banner's close button).
  void drop_set_aside();
  // Distorted copies of training image `sample` (index into the training split, wrapped) under
  // `aug`: the Network panel's live preview strip. Cached on (aug, sample, n, data version).
  const std::vector<VecD>& augment_preview(const AugmentConfig& aug, int sample, int n);
  // Drawn-style training digits first..first+n-1 of the set with this seed (data/drawn.hpp):
  // the Network panel's strip under "Drawn digits". Cached on (seed, first, n).
  const std::vector<VecD>& drawn_preview(std::uint64_t seed, int first, int n);
  // The raw 64 pixels of training image `sample` (wrapped), zeros without data.
  VecD training_image(int sample) const;

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

  // ---- how fast the main session trains (the Training panel's slow motion; lessons set it)
  // Optimizer steps per second while training: 0 = as fast as the frame budget allows, else
  // 1..kMaxSpeed (a StepPacer keeps the rate whatever the frame rate).
  static constexpr int kMaxSpeed = 1000;
  int speed() const { return speed_; }
  void set_speed(int steps_per_second);
  // Minibatch optimizers: a curve point after every step, not only at epoch ends (the Training
  // panel's "Every step"; lesson 2 watches single iterations). Kept across configs.
  bool every_step_points() const { return trainer().record_every_step(); }
  void set_every_step_points(bool on);

  // ---- what layer 1's units do on the training images (dead ReLU units, the digit that excites
  // each most, the ring-shaped unit): cached on the weights version and the split, recomputed at
  // most every kUnitStatsEveryMs while the main network trains (unit_stats.hpp)
  const UnitStats& unit_stats();

  // ---- all sessions
  // Shares budget_ms among every training session (Scheduler); at least one step when one
  // trains and the budget is not all debt. Returns the steps taken.
  int train_for(double budget_ms);
  bool any_training() const;
  // True while anything computes in slices and so needs frames: training (of any session), the
  // Backprop panel's playback and every registered job (jobs(): gradient check, kNN, decision
  // map, sweep, race; a job counts once registered in AppState's constructor). The browser's frame loop
  // (src/platform/main_web.cpp) stops drawing when busy() is false and nobody touches the page
  // (a 1 Hz heartbeat at most), so a job that is not counted here would stall.
  bool busy() const;
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
  // Bumped whenever the current input changes (a click in Data/Mistakes, a sketch edit, a clear).
  unsigned long long input_serial() const { return input_serial_; }
  // Probabilities of the current input under the current weights (recomputed lazily).
  const VecF& input_probabilities();
  // Hidden activations a_1..a_{L-1} of the current input (for colour strips).
  const std::vector<VecF>& input_activations();
  // Classify any 64 raw values 0..16 (window.lab.predict).
  VecF predict_raw(const VecD& pixels64) { return trainer().predict_raw(pixels64); }

  // ---- the Sketch pad's drawing (app/sketch_input.hpp). Every edit makes the drawing's image the
  // current input (an empty drawing drops it, if it was the input).
  const SketchInput& sketch() const { return sketch_; }
  void sketch_begin_stroke() { sketch_.begin_stroke(); }
  void sketch_add_point(StrokePoint q);
  void sketch_undo_stroke();
  void sketch_clear();
  // Makes the drawing the current input again (after a dataset image was chosen).
  void use_sketch() { set_sketch_input(sketch_.pixels(), sketch_.has_result()); }
  // The drawing's probabilities under the current weights (recomputed when either changes).
  const VecF& sketch_probabilities();

  // The nearest training images of the current input (recomputed when the input or the split changes).
  const InputNeighbours& input_neighbours();

  // ---- test-set decisions of the main session (recomputed lazily when the weights change)
  const ConfusionMatrix& test_confusion();
  const std::vector<int>& test_predictions();     // per test sample, aligned with trainer().indices(Test)
  // Positions in the test subset (as test_predictions()) whose true digit is `truth` (-1: any)
  // and whose prediction is `guess` (-1: any; kWrong: any but the truth), grouped by true digit,
  // then by predicted digit, so that similar mistakes sit together (the Decision panel's
  // galleries). Recomputed when the weights or the question change.
  static constexpr int kWrong = -2;
  const std::vector<int>& test_images(int truth, int guess);
  // The main network's outputs for dataset image `index` (a gallery's hovered image), kept for the
  // last image asked until the weights change; empty for an index outside the data.
  const VecF& image_probabilities(int index);

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

  // ---- experiments (kNN, decision map, sweeps): jobs in time slices, see experiments.hpp
  Experiments& experiments() { return experiments_; }
  // Runs the background jobs (the gradient check, the experiments' jobs) for up to budget_ms
  // (the frame loop calls it every frame): jobs().run_for. Returns true if any ran.
  bool run_jobs(double budget_ms);
  // Every job of the app (job_registry.hpp), registered in AppState's constructor: the gradient
  // check alone in one budget group, the experiments (sweep, kNN, decision map, race) in another.
  JobRegistry& jobs() { return jobs_; }
  const JobRegistry& jobs() const { return jobs_; }

  // ---- My digits (app/my_digits.hpp): sketches the user labelled. Every session is handed their
  // images (Trainer::set_extra_training); it fits them while its config's my_digits is on.
  const MyDigits& my_digits() const { return my_digits_; }
  // The intents (Sketch panel's "Wrong? It was a ...", Data panel's strip, window.lab.myDigits).
  // Errors: the message (also shown as the error), nothing changes.
  Status add_my_digit(int label, const std::vector<Stroke>& strokes);
  bool remove_my_digit(std::size_t i);
  void clear_my_digits();
  // Merges a strokes JSON file; the notice says how many were added and dropped as duplicates.
  Status import_my_digits(std::string_view text);
  std::string export_my_digits() const { return my_digits_.export_json(); }
  // "Train with my digits": sets config().my_digits (a fresh start, as any change of the fitted
  // images) and, when on, trains.
  Status set_train_with_my_digits(bool on);

  // Last error to show the user (bad config, bad file...).
  const std::string& last_error() const { return last_error_; }
  void set_error(std::string e) { last_error_ = std::move(e); }
  // Last success message to show (e.g. "Imported model ..."); cleared by the next error.
  const std::string& last_notice() const { return last_notice_; }
  void set_notice(std::string n) { last_notice_ = std::move(n); }

 private:
  Session& main() { return *sessions_.front(); }
  const Session& main() const { return *sessions_.front(); }
  void continue_if_stopped(Session& s);
  void weights_changed(Session& s);
  void test_accuracy_maybe_known(Session& s);
  void note_divergence(const Session& s);   // the main session's divergence message as the error
  void history_maybe_changed(Session& s, std::size_t points_before);
  void validate_focus();
  void refresh_test();
  void refresh_input();
  // Prepared data matching cfg's recipe from any session, or nullptr.
  std::shared_ptr<const PreparedData> shared_prepared(const TrainConfig& cfg) const;
  void my_digits_changed();   // hands the new images to every session
  bool main_trained() const { return has_data_ && trainer().iteration() > 0; }
  // A new session that fits My digits with the training images when its config says so.
  std::unique_ptr<Session> blank_session() const;
  // A new main session with cfg (its data prepared as Trainer::reconfigure would), or an error.
  Result<std::unique_ptr<Session>> fresh_main_session(const TrainConfig& cfg) const;
  // Makes `fresh` the main session and keeps the old one aside (versions continue).
  void swap_main_session(std::unique_ptr<Session> fresh);

  MyDigits my_digits_;

  std::shared_ptr<const Dataset> data_;
  std::vector<std::unique_ptr<Session>> sessions_;   // [0] is the main session
  std::unique_ptr<Session> aside_;                    // a trained main session set aside
  std::string aside_preset_, aside_what_;
  SessionId next_id_ = kMainSession + 1;
  Scheduler scheduler_;
  Race race_;
  bool has_data_ = false;
  unsigned long long split_version_ = 1;
  double test_accuracy_;
  std::string last_error_;
  ViewState view_;
  LessonProgress lesson_progress_;
  std::string last_notice_;
  GradcheckJob gradcheck_;
  int speed_ = 0;
  StepPacer pacer_;
  UnitStats unit_stats_;
  unsigned long long unit_stats_weights_ = 0, unit_stats_split_ = 0;
  double unit_stats_ms_ = -1e300;                 // when they were last computed (now_ms)
  static constexpr double kUnitStatsEveryMs = 500;

  Focus focus_;
  unsigned long long focus_version_ = 1;

  SketchInput sketch_;
  VecF sketch_probs_;
  unsigned long long sketch_probs_weights_ = 0, sketch_probs_version_ = 0;

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
  BackpropStepper backprop_;

  // The Job interface over the experiments and the race (app_jobs.hpp), and the registry of all.
  KnnJobTask knn_task_{*this};
  DecisionMapTask map_task_{*this};
  SweepTask sweep_task_{*this};
  RaceTask race_task_{*this};
  JobRegistry jobs_;

  std::string preset_ = "custom";
  AugmentConfig preview_aug_;
  int preview_sample_ = -1, preview_n_ = 0;
  unsigned long long preview_data_ = 0, data_version_ = 0;
  std::vector<VecD> preview_;
  std::uint64_t drawn_preview_seed_ = 0;
  int drawn_preview_first_ = -1, drawn_preview_n_ = 0;
  std::vector<VecD> drawn_preview_;

  ConfusionMatrix test_cm_;
  std::vector<int> test_images_;
  unsigned long long test_images_version_ = 0;
  int test_images_truth_ = -3, test_images_guess_ = -3;
  VecF image_probs_;
  unsigned long long image_probs_version_ = 0;
  int image_probs_index_ = -1;
  std::vector<int> test_pred_;
  unsigned long long test_version_ = 0;
};

// The default configuration of the app: the default preset's (see src/train/presets.cpp).
TrainConfig default_app_config();


}  // namespace bpl
