#include "app/lesson_api.hpp"

#include <nlohmann/json.hpp>

#include "app/app_state.hpp"
#include "app/lessons.hpp"

namespace bpl {

namespace {

using nlohmann::json;

json question_json(const LessonProgress& p, const LessonQuestion& q) {
  json j{{"prompt", q.prompt}, {"choices", q.choices}, {"chosen", p.chosen()}, {"revealed", p.revealed()}};
  if (p.revealed()) {
    j["answer"] = q.answer;
    j["right"] = p.answered_right();
    j["explanation"] = q.explanation;
  }
  return j;
}

json step_json(AppState& app, LessonProgress& p) {
  const Lesson& l = *p.current_lesson();
  const LessonStep& s = *p.current_step();
  const bool goal = p.goal_met(app);
  return json{{"id", l.id},
              {"title", l.title},
              {"index", p.lesson()},
              {"step", p.step()},
              {"steps", l.steps.size()},
              {"step_title", s.title},
              {"text", s.text},
              {"action", s.action},
              {"panel", s.panel},
              {"goal_met", goal},
              {"setup", setup_line(l.setup)},
              {"can_restore", p.has_saved() && p.step() + 1 == static_cast<int>(l.steps.size())},
              {"question", question_json(p, s.question)},
              {"can_next", goal && p.revealed()},
              {"last", p.step() + 1 == static_cast<int>(l.steps.size())}};
}

// A lesson named by its id or its index.
int lesson_arg(const json& v) {
  if (v.is_string()) return lesson_index(v.get<std::string>());
  if (v.is_number_integer()) {
    const long long i = v.get<long long>();
    return i >= 0 && i < static_cast<long long>(lessons().size()) ? static_cast<int>(i) : -1;
  }
  return -1;
}

Status start(AppState& app, LessonProgress& p, const json& j) {
  const int l = j.contains("lesson") ? lesson_arg(j["lesson"]) : 0;
  if (l < 0) return Status::Error("no such lesson");
  int step = 0;
  if (j.contains("step")) {
    if (!j["step"].is_number_integer()) return Status::Error("step must be a whole number");
    step = static_cast<int>(j["step"].get<long long>());
  }
  p.start(l, step, app);
  return Status::Ok();
}

Status choose(LessonProgress& p, const json& j) {
  const LessonStep* s = p.current_step();
  if (!j.contains("choice") || !j["choice"].is_number_integer()) return Status::Error("choice must be a whole number");
  const long long c = j["choice"].get<long long>();
  if (c < 0 || c >= static_cast<long long>(s->question.choices.size())) return Status::Error("no such choice");
  if (p.revealed()) return Status::Error("the answer is already revealed");
  p.choose(static_cast<int>(c));
  return Status::Ok();
}

}  // namespace

std::string lesson_view_json(AppState& app) {
  LessonProgress& p = app.lesson_progress();
  json all = json::array();
  for (std::size_t i = 0; i < lessons().size(); ++i)
    all.push_back(json{{"id", lessons()[i].id}, {"title", lessons()[i].title}, {"finished", p.finished(static_cast<int>(i))}});
  json j{{"lessons", all}, {"lesson", nullptr}};
  if (p.current_step()) j["lesson"] = step_json(app, p);
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

Status lesson_intent(AppState& app, std::string_view json_text) {
  const json j = json::parse(json_text.begin(), json_text.end(), nullptr, false);
  if (j.is_discarded() || !j.is_object()) return Status::Error("expected a JSON object such as {\"do\": \"next\"}");
  if (!j.contains("do") || !j["do"].is_string()) return Status::Error("\"do\" must be one of start, choose, reveal, next, back, restore, stop");
  const std::string what = j["do"].get<std::string>();
  LessonProgress& p = app.lesson_progress();
  if (what == "start") return start(app, p, j);
  if (what == "restore") {
    if (!p.has_saved()) return Status::Error("no lesson has changed your setup");
    return restore_student_setup(app) ? Status::Ok() : Status::Error("your setup could not be restored");
  }
  if (what == "stop") {
    p.stop();
    return Status::Ok();
  }
  if (what != "choose" && what != "reveal" && what != "next" && what != "back")
    return Status::Error("\"do\" must be one of start, choose, reveal, next, back, restore, stop");
  if (!p.current_step()) return Status::Error("no lesson is running");
  if (what == "choose") return choose(p, j);
  if (what == "reveal") {
    if (p.revealed()) return Status::Error("the answer is already revealed");
    if (p.chosen() < 0) return Status::Error("pick an answer first");
    p.reveal();
    return Status::Ok();
  }
  if (what == "back") return p.back(app) ? Status::Ok() : Status::Error("this is the first step");
  if (!p.revealed()) return Status::Error("reveal the answer first");
  if (!p.goal_met(app)) return Status::Error("do the step's action first");
  return p.next(app) ? Status::Ok() : Status::Error("this is the last step");
}

}  // namespace bpl
