// Lessons: the table is well formed (every goal is one the app can check, every question can be
// answered), and a student can only move on after committing to an answer AND doing the action.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "app/app_state.hpp"
#include "app/lessons.hpp"
#include "digits_fixture.hpp"

namespace bpl {
namespace {

// A small synthetic digits file (the lesson logic needs data, not real digits).
std::string tiny_csv(int rows) {
  std::string s;
  for (int r = 0; r < rows; ++r) {
    for (int i = 0; i < 64; ++i) s += std::to_string((r * 7 + i * 3) % 17) + ",";
    s += std::to_string(r % 10) + "\n";
  }
  return s;
}

TEST(Lessons, TableIsWellFormed) {
  const std::vector<Lesson>& all = lessons();
  ASSERT_GE(all.size(), 9u);   // the nine topics
  std::set<std::string> ids;
  for (const Lesson& l : all) {
    EXPECT_TRUE(ids.insert(l.id).second) << "duplicate lesson id " << l.id;
    EXPECT_EQ(lesson_index(l.id), static_cast<int>(ids.size()) - 1);
    ASSERT_FALSE(l.steps.empty()) << l.id;
    for (const LessonStep& s : l.steps) {
      EXPECT_TRUE(known_goal(s.goal)) << l.id << ": unknown goal '" << s.goal << "'";
      EXPECT_FALSE(s.text.empty());
      EXPECT_FALSE(s.action.empty());
      EXPECT_FALSE(s.question.prompt.empty());
      EXPECT_GE(s.question.choices.size(), 2u);
      EXPECT_LE(s.question.choices.size(), 4u);
      EXPECT_GE(s.question.answer, 0);
      EXPECT_LT(s.question.answer, static_cast<int>(s.question.choices.size())) << l.id << ": " << s.title;
      EXPECT_FALSE(s.question.explanation.empty());
    }
  }
  EXPECT_EQ(lesson_index("no-such-lesson"), -1);
  EXPECT_FALSE(known_goal("panel:"));
  EXPECT_FALSE(known_goal("iterations:x"));
  EXPECT_FALSE(known_goal("fly"));
}

TEST(Lessons, NextNeedsTheAnswerRevealedAndTheGoalMet) {
  AppState app;
  ASSERT_TRUE(app.load_data_csv(tiny_csv(60)).ok());
  LessonProgress p;
  p.start(lesson_index("data"), 0, app);   // goal: a dataset image is the current input
  ASSERT_NE(p.current_step(), nullptr);
  EXPECT_FALSE(p.next(app));                // nothing done
  p.reveal();
  EXPECT_FALSE(p.revealed());               // no choice yet: nothing to reveal
  p.choose(0);                              // a wrong answer still counts as committing
  p.reveal();
  EXPECT_TRUE(p.revealed());
  EXPECT_FALSE(p.answered_right());
  p.choose(1);                              // no changing the answer after the reveal
  EXPECT_EQ(p.chosen(), 0);
  EXPECT_FALSE(p.next(app));                // goal not met yet
  app.select_dataset_image(3);
  EXPECT_TRUE(p.goal_met(app));
  app.clear_input();
  EXPECT_TRUE(p.goal_met(app));             // latched for this step
  EXPECT_TRUE(p.next(app));
  EXPECT_EQ(p.step(), 1);
  EXPECT_EQ(p.chosen(), -1);                // a new step asks again
  EXPECT_FALSE(p.revealed());
  EXPECT_TRUE(p.back(app));
  EXPECT_EQ(p.step(), 0);
  EXPECT_FALSE(p.back(app));                // nothing before the first lesson's first step
}

TEST(Lessons, IterationGoalsCountFromTheStepStartAndFinishingMovesOn) {
  AppState app;
  ASSERT_TRUE(app.load_data_csv(tiny_csv(60)).ok());
  app.step(5);                              // training before the step does not count
  LessonProgress p;
  p.start(lesson_index("learn"), 0, app);   // goal: iterations:20
  p.choose(1);
  p.reveal();
  EXPECT_TRUE(p.answered_right());
  app.step(19);
  EXPECT_FALSE(p.goal_met(app));
  app.reset();                              // the lesson asks for a reset: count from there
  app.step(19);
  EXPECT_FALSE(p.goal_met(app));
  app.step(1);
  EXPECT_TRUE(p.goal_met(app));
  ASSERT_TRUE(p.next(app));
  EXPECT_EQ(p.step(), 1);
  p.choose(0);
  p.reveal();
  app.step(40);
  ASSERT_TRUE(p.next(app));                 // the lesson's last step: on to the next lesson
  EXPECT_TRUE(p.finished(lesson_index("learn")));
  EXPECT_EQ(p.lesson(), lesson_index("learn") + 1);
  EXPECT_EQ(p.step(), 0);
}

TEST(Lessons, AccuracyGoalFollowsTheValidationAccuracy) {
  EXPECT_TRUE(known_goal("accuracy:90"));
  for (const char* bad : {"accuracy:0", "accuracy:101", "accuracy:", "accuracy:x", "accuracy:-5"})
    EXPECT_FALSE(known_goal(bad)) << bad;
  const Lesson& sketch = lessons()[static_cast<std::size_t>(lesson_index("sketch"))];
  ASSERT_EQ(sketch.steps.front().goal, "accuracy:90") << "lesson 9 starts with a network that reads";
  AppState app;
  load_small_app(app);
  LessonProgress p;
  p.start(lesson_index("sketch"), 0, app);
  p.choose(0);
  p.reveal();
  EXPECT_FALSE(p.goal_met(app));            // nothing trained yet: no validation accuracy at all
  EXPECT_FALSE(p.next(app));
  double acc = 0;
  for (int i = 0; i < 600 && acc < 0.9; ++i) {
    app.step(1);
    if (!app.trainer().history().empty()) acc = app.trainer().history().back().validation.accuracy;
    if (acc < 0.9) {
      EXPECT_FALSE(p.goal_met(app)) << "met at validation accuracy " << acc;
    }
  }
  ASSERT_GE(acc, 0.9);
  EXPECT_TRUE(p.goal_met(app));
  EXPECT_TRUE(p.next(app));
}

TEST(Lessons, PanelGoalsFollowTheView) {
  AppState app;
  ASSERT_TRUE(app.load_data_csv(tiny_csv(60)).ok());
  LessonProgress p;
  p.start(lesson_index("unit"), 0, app);    // goal: panel:weights
  EXPECT_FALSE(p.goal_met(app));
  app.view().set_open("weights", true);
  EXPECT_TRUE(p.goal_met(app));
  const unsigned long long v = p.version();
  p.start(99, 0, app);                      // unknown lesson: none
  EXPECT_EQ(p.current_step(), nullptr);
  EXPECT_GT(p.version(), v);
}

}  // namespace
}  // namespace bpl
