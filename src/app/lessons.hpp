// Guided lessons: a short path from "what is the data" to "backprop and its bugs", for a student
// who opens the page alone. Lessons are DATA (the table in lessons_data.cpp): each step is a few
// sentences, an action in the real UI (a panel, and optionally a control, that the UI
// highlights), a goal the app can check, and a predict-then-reveal question: the student commits
// to an answer before the explanation is shown. Adding a lesson is adding an entry to the table.
//
// Goals are short strings checked against the app state (see goal_met), e.g.
//   "panel:weights"        the Weights panel is open
//   "iterations:20"        the main network has trained at least 20 iterations since the step began
//   "accuracy:90"          the main network's latest validation accuracy is at least 90%
//   "example"              a dataset image is the current input
//   "sketch"               a sketch is the current input
//   "stepper:<kind>"       the Backprop stepper shows a step of that kind (z, a, loss, output_delta,
//                          hidden_delta, gradient, update)
//   "explained"            a value in the stepper was tapped/clicked and its explanation pinned
//   "gradcheck:<mistake>:fail|pass"  a finished gradient check of that notebook mistake gave that verdict
//   "unit"                 a first-layer unit is focused (a tile was tapped/clicked and pinned)
//
// Setup: each lesson declares the network and the view it talks about (LessonSetup). When a
// lesson starts, sync_lesson_setup applies it (the student's own model, speed and panels are
// kept first, once, so that restore_student_setup can bring them back at the end) and the
// Lessons panel says so in one line (setup_line).
// No ImGui here: the Lessons panel draws this, the app checks it, unit tests read the table.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.hpp"

namespace bpl {

class AppState;

struct LessonQuestion {
  std::string prompt;                 // asked BEFORE the answer is revealed
  std::vector<std::string> choices;   // 2..4
  int answer = 0;                     // index into choices
  std::string explanation;            // shown once the student has committed to a choice
};

struct LessonStep {
  std::string title;
  std::string text;      // a few sentences
  std::string action;    // what to do, in words ("Open the Data panel and click a digit.")
  std::string panel;     // the panel the action happens in (highlighted), "" for none
  std::string control;   // a toolbar/panel control to highlight (AppUi::control_rect name), or ""
  std::string goal;      // see above
  LessonQuestion question;
};

// What a lesson runs on. Empty/zero fields keep what the student has.
struct LessonSetup {
  std::string preset;             // "notebook", "reader" (src/train/presets.hpp); "": the student's network
  std::uint64_t seed = 0;         // weight initialization seed (0: the preset's)
  int speed = 0;                  // optimizer steps per second (AppState::set_speed); 0: full speed
  bool every_step = false;        // a curve point after every minibatch step
  bool train = false;             // re-initialize from the seed and train until it stops, when the lesson
                                  // starts (weight pictures every student sees alike)
  std::vector<std::string> panels;   // panels to open (the Lessons panel stays open)
  bool any() const { return !preset.empty() || seed != 0 || speed != 0 || every_step || train || !panels.empty(); }
};

struct Lesson {
  std::string id;        // stable: used in links and local storage
  std::string title;
  std::vector<LessonStep> steps;
  LessonSetup setup;
};

// One line for the Lessons panel: "This lesson uses the notebook's network: 25 sigmoid units,
// trained by conjugate gradient, in slow motion (5 steps a second)." ("" when the setup is empty).
std::string setup_line(const LessonSetup& s);

// The student's own setup, kept when a lesson first changes it.
struct StudentSetup {
  std::string model;                 // AppState::export_model(): config, scaling and weights
  std::string preset;
  int speed = 0;
  bool every_step = false;
  bool training = false;
  std::vector<std::string> open;     // open panels
};

// The lessons, in order (lessons_data.cpp).
const std::vector<Lesson>& lessons();
int lesson_index(std::string_view id);   // -1 if unknown

// Whether a goal string is one goal_met understands (the unit tests check every step's goal).
bool known_goal(std::string_view goal);

// Where a student is. Answers and goals are per current step; finished lessons are remembered.
class LessonProgress {
 public:
  int lesson() const { return lesson_; }   // -1: none chosen
  int step() const { return step_; }
  const Lesson* current_lesson() const;
  const LessonStep* current_step() const;

  // Starts a lesson at a step (clamped); unknown index: no lesson. Resets the answer.
  void start(int lesson, int step, const AppState& app);
  void stop() { lesson_ = -1; step_ = 0; ++version_; }

  // The predict-then-reveal question.
  int chosen() const { return chosen_; }
  void choose(int choice);                   // before reveal only
  bool revealed() const { return revealed_; }
  void reveal();                             // needs a choice
  bool answered_right() const;

  // The step's goal, checked against the app (latched: once met it stays met for this step).
  bool goal_met(const AppState& app);
  // Next: needs the goal met and the answer revealed. Back: always. Return false if not moved.
  bool next(const AppState& app);
  bool back(const AppState& app);

  bool finished(int lesson) const;           // every step of that lesson was passed
  unsigned long long version() const { return version_; }   // bumped on every move (links, storage)

  // Setup (see sync_lesson_setup): the lesson whose setup was applied last (-1: none), and the
  // student's own setup kept before the first lesson changed it.
  int applied() const { return applied_; }
  void set_applied(int lesson) { applied_ = lesson; }
  bool has_saved() const { return has_saved_; }
  const StudentSetup& saved() const { return saved_; }
  void keep(StudentSetup s) { saved_ = std::move(s); has_saved_ = true; }
  void forget_saved() { has_saved_ = false; saved_ = StudentSetup(); }

 private:
  int lesson_ = -1, step_ = 0;
  int chosen_ = -1;
  bool revealed_ = false;
  bool goal_latched_ = false;
  int iterations_at_start_ = 0;              // "iterations:N" counts from the step's start
  int last_iteration_seen_ = 0;              // a lower count later means the weights were reset
  unsigned long long focus_at_start_ = 0;    // "unit" counts focus changes from the step's start
  std::vector<bool> finished_;
  unsigned long long version_ = 0;
  int applied_ = -1;
  bool has_saved_ = false;
  StudentSetup saved_;
};

// When the current lesson is not the one whose setup was applied last: keeps the student's own
// setup (once: the first lesson that changes something), then applies the lesson's. Called every
// frame (AppState::run_jobs) so that every way into a lesson (the panel, a link, local storage,
// Next into the following lesson) sets it up. Returns true if it applied a setup now.
bool sync_lesson_setup(AppState& app);
// Applies lesson `lesson`'s setup now (keeping the student's first). Errors: an unknown preset.
Status apply_lesson_setup(AppState& app, int lesson);
// Brings back the student's own model, speed and panels, and forgets them. False if none kept.
bool restore_student_setup(AppState& app);

}  // namespace bpl
