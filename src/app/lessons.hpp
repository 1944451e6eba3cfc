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
// No ImGui here: the Lessons panel draws this, the app checks it, unit tests read the table.
#pragma once
#include <string>
#include <string_view>
#include <vector>

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

struct Lesson {
  std::string id;        // stable: used in links and local storage
  std::string title;
  std::vector<LessonStep> steps;
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

 private:
  int lesson_ = -1, step_ = 0;
  int chosen_ = -1;
  bool revealed_ = false;
  bool goal_latched_ = false;
  int iterations_at_start_ = 0;              // "iterations:N" counts from the step's start
  int last_iteration_seen_ = 0;              // a lower count later means the weights were reset
  std::vector<bool> finished_;
  unsigned long long version_ = 0;
};

}  // namespace bpl
