// Lessons panel: the guided path from the data to backprop (src/app/lessons*.cpp holds the
// lessons as data). Per step: the text, the action (its panel and control are outlined on screen
// by AppUi; "Show me" opens the panel), whether it is done, and a predict-then-reveal question:
// the student picks an answer, reveals the explanation, and only then moves on. A lesson runs on
// the network it talks about (the app applies its setup: lessons.hpp); the panel says so in one
// line and, on a lesson's last step, offers the student's own setup back.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "app/app_state.hpp"
#include "app/lessons.hpp"
#include "ui/panel.hpp"

namespace bpl::ui {
namespace {

const ImVec4 kDone(0.10f, 0.55f, 0.25f, 1.0f);
const ImVec4 kWrong(0.75f, 0.25f, 0.05f, 1.0f);

class LessonsPanel final : public Panel {
 public:
  const char* name() const override { return "lessons"; }
  const char* title() const override { return "Lessons: learn backprop step by step"; }
  Slot slot() const override { return {0.0f, 0.0f, 0.3f, 1.0f}; }
  bool default_open() const override { return false; }
  bool prefers_tall() const override { return true; }

  void draw(AppState& app) override {
    LessonProgress& p = app.lesson_progress();
    draw_chooser(app, p);
    const LessonStep* s = p.current_step();
    if (!s) {
      ImGui::TextWrapped("Nine short lessons take you from the digits to backpropagation and its bugs. "
                         "Each step asks you to do one thing in the app and to predict an answer before "
                         "it is revealed.");
      if (ImGui::Button("Start the first lesson")) p.start(0, 0, app);
      return;
    }
    ImGui::Separator();
    draw_text(*p.current_lesson(), p, *s);
    draw_action(app, p, *s);
    ImGui::Separator();
    draw_question(p, *s);
    ImGui::Separator();
    draw_navigation(app, p);
    draw_restore(app, p);
  }

 private:
  void draw_chooser(AppState& app, LessonProgress& p) {
    const std::vector<Lesson>& all = lessons();
    const Lesson* cur = p.current_lesson();
    ImGui::SetNextItemWidth(-1.0f);
    if (begin_combo("##lesson", cur ? cur->title.c_str() : "Choose a lesson...")) {
      for (std::size_t i = 0; i < all.size(); ++i) {
        const std::string label = all[i].title + (p.finished(static_cast<int>(i)) ? "  \u2713" : "");
        if (ImGui::Selectable(label.c_str(), cur == &all[i])) p.start(static_cast<int>(i), 0, app);
        name_item("lessons:choose:" + all[i].id);
      }
      ImGui::EndCombo();
    }
  }

  // Opens the step's panel. The optional panels earlier steps opened close (all but the six main
  // panels and the lessons): by lesson 7 they would otherwise share the screen nine ways.
  static void show_panel(AppState& app, const std::string& target) {
    static const std::vector<std::unique_ptr<Panel>> kAll = make_panels();
    for (const auto& q : kAll) {
      const std::string_view id = q->name();
      if (!q->default_open() && id != target && id != "lessons") app.view().set_open(id, false);
    }
    app.view().bring_to_front(target);   // the phone layout shows it
  }

  void draw_text(const Lesson& l, const LessonProgress& p, const LessonStep& s) {
    ImGui::TextDisabled("Step %d of %d", p.step() + 1, static_cast<int>(l.steps.size()));
    ImGui::SameLine();
    ImGui::PushTextWrapPos(0.0f);   // long titles, texts and answers wrap in a narrow column
    ImGui::TextUnformatted(s.title.c_str());
    const std::string setup = setup_line(l.setup);
    if (!setup.empty()) {
      ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetColorU32(ImGuiCol_TextDisabled));
      ImGui::TextUnformatted(setup.c_str());
      ImGui::PopStyleColor();
      name_item("lessons:setup");
    }
    ImGui::TextUnformatted(s.text.c_str());
    ImGui::PopTextWrapPos();
  }

  void draw_action(AppState& app, LessonProgress& p, const LessonStep& s) {
    ImGui::Spacing();
    ImGui::TextUnformatted("Do this:");
    ImGui::SameLine();
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(s.action.c_str());
    ImGui::PopTextWrapPos();
    if (!s.panel.empty()) {
      if (ImGui::SmallButton("Show me")) show_panel(app, s.panel);
      tooltip("Opens the panel where this happens, outlined in orange, and closes the other optional "
              "panels (those the View menu opens) to make room for it.");
      ImGui::SameLine();
    }
    if (p.goal_met(app))
      ImGui::TextColored(kDone, "\u2713 Done");
    else
      ImGui::TextDisabled("\u25CB Not done yet");
  }

  void draw_question(LessonProgress& p, const LessonStep& s) {
    const LessonQuestion& q = s.question;
    ImGui::TextUnformatted("Predict first:");
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(q.prompt.c_str());
    ImGui::PopTextWrapPos();
    ImGui::BeginDisabled(p.revealed());
    for (std::size_t i = 0; i < q.choices.size(); ++i) {
      // The choice's text wraps beside its radio button (a long answer is not cut off at the
      // panel's edge); a click on the text chooses too.
      const std::string id = "##choice" + std::to_string(i);
      bool pick = ImGui::RadioButton(id.c_str(), p.chosen() == static_cast<int>(i));
      ImGui::SameLine(0.0f, ImGui::GetStyle().ItemInnerSpacing.x);
      ImGui::AlignTextToFramePadding();
      ImGui::PushTextWrapPos(0.0f);
      ImGui::TextUnformatted(q.choices[i].c_str());
      ImGui::PopTextWrapPos();
      pick = pick || (!p.revealed() && ImGui::IsItemClicked(ImGuiMouseButton_Left));
      if (pick) p.choose(static_cast<int>(i));
    }
    ImGui::EndDisabled();
    if (!p.revealed()) {
      ImGui::BeginDisabled(p.chosen() < 0);
      if (ImGui::Button("Reveal the answer")) p.reveal();
      ImGui::EndDisabled();
      if (p.chosen() < 0) ImGui::TextDisabled("Pick an answer first: committing to a guess helps you learn.");
      return;
    }
    ImGui::PushTextWrapPos(0.0f);
    if (p.answered_right())
      ImGui::TextColored(kDone, "\u2713 Right.");
    else
      ImGui::TextColored(kWrong, "Not quite: the answer is \"%s\".", q.choices[static_cast<std::size_t>(q.answer)].c_str());
    ImGui::TextUnformatted(q.explanation.c_str());
    ImGui::PopTextWrapPos();
  }

  void draw_navigation(AppState& app, LessonProgress& p) {
    if (ImGui::Button("\u2190 Back")) p.back(app);
    ImGui::SameLine();
    const bool can_next = p.revealed() && p.goal_met(app);
    ImGui::BeginDisabled(!can_next);
    if (ImGui::Button("Next \u2192")) p.next(app);
    ImGui::EndDisabled();
    if (!can_next) {
      ImGui::SameLine();
      ImGui::TextDisabled(!p.goal_met(app) ? "(do the action above first)" : "(reveal the answer first)");
    }
    if (p.finished(p.lesson()) && p.lesson() + 1 == static_cast<int>(lessons().size()))
      ImGui::TextColored(kDone, "You have finished every lesson.");
  }

  // On a lesson's last step (and after the last lesson): the student's own network, speed and
  // panels, kept when a lesson first changed them, can come back.
  void draw_restore(AppState& app, LessonProgress& p) {
    const Lesson* l = p.current_lesson();
    if (!l || !p.has_saved() || p.step() + 1 < static_cast<int>(l->steps.size())) return;
    if (ImGui::SmallButton("Restore my own setup")) restore_student_setup(app);
    name_item("lessons:restore");
    tooltip("The lessons changed the network, the training speed or the panels. This brings back the "
            "network (with its weights), speed and panels you had before the first of them.");
  }
};

}  // namespace

std::unique_ptr<Panel> make_lessons_panel() { return std::make_unique<LessonsPanel>(); }

}  // namespace bpl::ui
