#include "app/lessons.hpp"

#include <algorithm>
#include <cstdlib>

#include "app/app_state.hpp"
#include "train/config_json.hpp"
#include "train/presets.hpp"

namespace bpl {

namespace {

// "name:arg" -> (name, arg); "name" -> (name, "").
std::pair<std::string_view, std::string_view> split_goal(std::string_view goal) {
  const std::size_t colon = goal.find(':');
  if (colon == std::string_view::npos) return {goal, {}};
  return {goal.substr(0, colon), goal.substr(colon + 1)};
}

int positive_int(std::string_view s) {
  if (s.empty() || s.size() > 6 || s.find_first_not_of("0123456789") != std::string_view::npos) return -1;
  return std::atoi(std::string(s).c_str());
}

}  // namespace

int lesson_index(std::string_view id) {
  const std::vector<Lesson>& all = lessons();
  for (std::size_t i = 0; i < all.size(); ++i)
    if (all[i].id == id) return static_cast<int>(i);
  return -1;
}

// "stepper:<kind>": the Backprop stepper shows a step of that kind.
bool stepper_kind(std::string_view arg, StepKind* out) {
  static const std::pair<const char*, StepKind> kKinds[] = {
      {"z", StepKind::Z},           {"a", StepKind::A},
      {"loss", StepKind::Loss},     {"output_delta", StepKind::OutputDelta},
      {"hidden_delta", StepKind::HiddenDelta}, {"gradient", StepKind::Gradient},
      {"update", StepKind::Update}};
  for (const auto& [id, kind] : kKinds)
    if (arg == id) {
      *out = kind;
      return true;
    }
  return false;
}

// "gradcheck:<mistake>:fail|pass": a finished check of that variant gave that verdict.
bool gradcheck_goal(std::string_view arg, NotebookMistake* m, bool* pass) {
  const std::size_t colon = arg.find(':');
  if (colon == std::string_view::npos) return false;
  const std::string_view verdict = arg.substr(colon + 1);
  if (verdict != "fail" && verdict != "pass") return false;
  *pass = verdict == "pass";
  return parse_mistake(arg.substr(0, colon), m);
}

bool known_goal(std::string_view goal) {
  const auto [name, arg] = split_goal(goal);
  StepKind kind;
  NotebookMistake m;
  bool pass = false;
  if (name == "stepper") return stepper_kind(arg, &kind);
  if (name == "explained") return arg.empty() || arg == "hidden_delta";
  if (name == "gradcheck") return gradcheck_goal(arg, &m, &pass);
  if (name == "panel") return !arg.empty();
  if (name == "iterations") return positive_int(arg) > 0;
  if (name == "accuracy") return positive_int(arg) > 0 && positive_int(arg) <= 100;
  if (name == "example" || name == "sketch" || name == "unit") return arg.empty();
  return false;
}

const Lesson* LessonProgress::current_lesson() const {
  const std::vector<Lesson>& all = lessons();
  return lesson_ >= 0 && lesson_ < static_cast<int>(all.size()) ? &all[static_cast<std::size_t>(lesson_)] : nullptr;
}

const LessonStep* LessonProgress::current_step() const {
  const Lesson* l = current_lesson();
  return l && step_ >= 0 && step_ < static_cast<int>(l->steps.size()) ? &l->steps[static_cast<std::size_t>(step_)]
                                                                      : nullptr;
}

void LessonProgress::start(int lesson, int step, const AppState& app) {
  const std::vector<Lesson>& all = lessons();
  finished_.resize(all.size(), false);
  if (lesson < 0 || lesson >= static_cast<int>(all.size())) {
    stop();
    return;
  }
  lesson_ = lesson;
  const int n = static_cast<int>(all[static_cast<std::size_t>(lesson)].steps.size());
  step_ = std::clamp(step, 0, n - 1);
  chosen_ = -1;
  revealed_ = false;
  goal_latched_ = false;
  iterations_at_start_ = last_iteration_seen_ = app.has_data() ? app.trainer().iteration() : 0;
  focus_at_start_ = app.focus_version();
  ++version_;
}

void LessonProgress::choose(int choice) {
  const LessonStep* s = current_step();
  if (!s || revealed_ || choice < 0 || choice >= static_cast<int>(s->question.choices.size())) return;
  chosen_ = choice;
}

void LessonProgress::reveal() {
  if (current_step() && chosen_ >= 0) revealed_ = true;
}

bool LessonProgress::answered_right() const {
  const LessonStep* s = current_step();
  return s && revealed_ && chosen_ == s->question.answer;
}

bool LessonProgress::goal_met(const AppState& app) {
  const LessonStep* s = current_step();
  if (!s) return false;
  if (goal_latched_) return true;
  const auto [name, arg] = split_goal(s->goal);
  bool met = false;
  if (name == "panel")
    met = app.view().is_open(arg);
  else if (name == "iterations" && app.has_data()) {
    const int it = app.trainer().iteration();
    if (it < last_iteration_seen_) iterations_at_start_ = 0;   // a reset (which lessons ask for) restarts the count
    last_iteration_seen_ = it;
    met = it - iterations_at_start_ >= positive_int(arg);
  }
  else if (name == "accuracy" && app.has_data() && !app.trainer().history().empty())
    met = app.trainer().history().back().validation.accuracy * 100.0 >= positive_int(arg);
  else if (name == "stepper") {
    StepKind kind;
    const BackpropStepper& bp = app.backprop();
    met = stepper_kind(arg, &kind) && bp.has_trace() && bp.current().kind == kind;
  } else if (name == "explained") {
    // explained: any value pinned; explained:hidden_delta: a hidden layer's delta.
    const BackpropStepper& bp = app.backprop();
    const ValueRef& r = bp.pinned();
    met = bp.has_pin() && (arg.empty() || (bp.has_trace() && r.q == Quantity::Delta && r.layer >= 1 &&
                                           r.layer < bp.trace().L()));
  } else if (name == "gradcheck") {
    NotebookMistake m;
    bool pass = false;
    const GradcheckJob& job = app.gradcheck();
    met = gradcheck_goal(arg, &m, &pass) && job.state() == JobState::Done && job.request().mistake == m &&
          job.run().pass() == pass;
  } else if (name == "example")
    met = app.input_source() == InputSource::Dataset;
  else if (name == "sketch")
    met = app.input_source() == InputSource::Sketch;
  else if (name == "unit")   // a tile tapped during this step (a unit focused before it does not count)
    met = app.focus_version() != focus_at_start_ && app.focus().layer == 1 && app.focus().unit >= 0;
  goal_latched_ = met;
  return met;
}

bool LessonProgress::next(const AppState& app) {
  const Lesson* l = current_lesson();
  if (!l || !revealed_ || !goal_met(app)) return false;
  if (step_ + 1 < static_cast<int>(l->steps.size())) {
    start(lesson_, step_ + 1, app);
  } else {
    finished_[static_cast<std::size_t>(lesson_)] = true;
    if (lesson_ + 1 < static_cast<int>(lessons().size()))
      start(lesson_ + 1, 0, app);
    else
      ++version_;   // the last lesson: stay on its last step, now finished
  }
  return true;
}

bool LessonProgress::back(const AppState& app) {
  if (!current_lesson()) return false;
  if (step_ > 0) {
    start(lesson_, step_ - 1, app);
    return true;
  }
  if (lesson_ > 0) {
    start(lesson_ - 1, 1000, app);   // clamped to the previous lesson's last step
    return true;
  }
  return false;
}

bool LessonProgress::finished(int lesson) const {
  return lesson >= 0 && lesson < static_cast<int>(finished_.size()) && finished_[static_cast<std::size_t>(lesson)];
}

// ---------------------------------------------------------------- setup

namespace {

// "the notebook's network: 25 sigmoid units, trained by conjugate gradient"
std::string network_words(const std::string& preset) {
  if (preset == "notebook") return "the notebook's network: 25 sigmoid units, trained by conjugate gradient";
  if (preset == "reader")
    return "the Reader network: 100 ReLU units and softmax outputs, trained by Adam on distorted copies";
  return "the \"" + preset + "\" network";
}

StudentSetup current_setup(AppState& app) {
  StudentSetup s;
  s.model = app.export_model();
  s.preset = app.preset();
  s.speed = app.speed();
  s.every_step = app.every_step_points();
  s.training = app.training();
  s.open = app.view().open;
  return s;
}

}  // namespace

std::string setup_line(const LessonSetup& s) {
  if (!s.any()) return std::string();
  std::string line = "This lesson uses ";
  line += s.preset.empty() ? "your network" : network_words(s.preset);
  const std::string seed = s.seed != 0 ? "seed " + std::to_string(s.seed) : std::string();
  if (s.train)
    line += "; it trains now from fresh weights" + (seed.empty() ? std::string() : " (" + seed + ")") + " until it stops";
  else if (!seed.empty())
    line += " (weights from " + seed + ")";
  if (s.speed > 0)
    line += std::string(", in slow motion (") + std::to_string(s.speed) + (s.speed == 1 ? " step" : " steps") +
            " a second" + (s.every_step ? ", a curve point after every step)" : ")");
  return line + ".";
}

Status apply_lesson_setup(AppState& app, int lesson) {
  const std::vector<Lesson>& all = lessons();
  if (lesson < 0 || lesson >= static_cast<int>(all.size())) return Status::Error("no such lesson");
  LessonProgress& p = app.lesson_progress();
  p.set_applied(lesson);
  const LessonSetup& su = all[static_cast<std::size_t>(lesson)].setup;
  if (!su.any() || !app.has_data()) return Status::Ok();
  if (!p.has_saved()) p.keep(current_setup(app));
  if (!su.preset.empty()) {
    const Preset* preset = find_preset(su.preset);
    if (!preset) return Status::Error("lesson setup: unknown preset '" + su.preset + "'");
    TrainConfig c = preset->config;
    if (su.seed != 0) c.init_seed = su.seed;
    if (config_to_json(c) != config_to_json(app.config())) {
      Status st = app.set_config(c);
      if (!st.ok()) return st;
    }
    app.set_training(false);   // the lesson says when to train
  }
  app.set_speed(su.speed);
  app.set_every_step_points(su.every_step);
  for (const std::string& panel : su.panels) app.view().set_open(panel, true);
  app.view().set_open("lessons", true);
  if (su.train) {   // from the seed's weights: every student (and the tests) sees the same pictures
    app.reset();
    app.set_training(true);
  }
  return Status::Ok();
}

bool sync_lesson_setup(AppState& app) {
  LessonProgress& p = app.lesson_progress();
  if (p.lesson() < 0 || p.lesson() == p.applied() || !app.has_data()) return false;   // after the data loads
  const Status s = apply_lesson_setup(app, p.lesson());
  if (!s.ok()) app.set_error(s.message());
  return true;
}

bool restore_student_setup(AppState& app) {
  LessonProgress& p = app.lesson_progress();
  if (!p.has_saved()) return false;
  const StudentSetup s = p.saved();
  p.forget_saved();
  const Status st = app.import_model(s.model);   // config, scaling and weights as they were
  if (!st.ok()) app.set_error("could not restore your setup: " + st.message());
  app.set_speed(s.speed);
  app.set_every_step_points(s.every_step);
  const std::vector<std::string> now = app.view().open;
  for (const std::string& id : now)
    if (id != "lessons" && std::find(s.open.begin(), s.open.end(), id) == s.open.end()) app.view().set_open(id, false);
  for (const std::string& id : s.open) app.view().set_open(id, true);
  app.set_training(s.training);
  app.set_notice("Your own network, speed and panels are back.");
  return true;
}

}  // namespace bpl
