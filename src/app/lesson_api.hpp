// The guided lessons as data for the page's accessible text layer (web/lesson_text.js) and for
// window.lab: the whole current step as JSON (title, text, action, question, choices, the
// explanation once revealed), and the student's intents (start, choose, reveal, next, back, stop)
// as the Lessons panel sends them. The panel and this layer drive the same LessonProgress.
// No ImGui; no exceptions (JSON is parsed without them).
#pragma once
#include <string>
#include <string_view>

#include "core/status.hpp"

namespace bpl {

class AppState;

// {lessons: [{id, title, finished}], lesson: null | {id, title, index, step, steps, title_step,
//  text, action, panel, goal_met, setup (the line naming the lesson's network), can_restore, question: {prompt, choices, chosen, revealed, answer (once
//  revealed), right, explanation (once revealed)}, can_next}}
std::string lesson_view_json(AppState& app);

// {"do": "start", "lesson": id | index, "step": n} | {"do": "choose", "choice": i} |
// {"do": "reveal"} | {"do": "next"} | {"do": "back"} | {"do": "restore"} (the student's own setup,
// kept when a lesson changed it) | {"do": "stop"}.
// Refuses (with the reason, changing nothing) what the panel would not allow: choosing after the
// reveal, revealing before a choice, Next before the goal is met and the answer revealed.
[[nodiscard]] Status lesson_intent(AppState& app, std::string_view json_text);

}  // namespace bpl
