// The lessons' accessible layer (src/app/lesson_api.hpp): the JSON holds the whole step as text,
// and every intent moves the same LessonProgress the panel does, refusing what the panel would
// not allow with a reason and changing nothing.
#include <gtest/gtest.h>

#include <string>

#include <nlohmann/json.hpp>

#include "app/app_state.hpp"
#include "app/lesson_api.hpp"
#include "app/lessons.hpp"
#include "digits_fixture.hpp"

namespace bpl {
namespace {

using nlohmann::json;

json view(AppState& app) { return json::parse(lesson_view_json(app)); }

TEST(LessonApi, ViewListsEveryLessonAndNoStepBeforeAStart) {
  AppState app;
  const json v = view(app);
  ASSERT_EQ(v["lessons"].size(), lessons().size());
  EXPECT_EQ(v["lessons"][0]["id"], lessons()[0].id);
  EXPECT_EQ(v["lessons"][0]["title"], lessons()[0].title);
  EXPECT_TRUE(v["lesson"].is_null());
}

TEST(LessonApi, TheStepIsTextAndTheAnswerStaysHiddenUntilRevealed) {
  AppState app;
  ASSERT_TRUE(app.load_data_csv(tiny_csv(60)).ok());
  ASSERT_TRUE(lesson_intent(app, R"({"do": "start", "lesson": "data"})").ok());
  json v = view(app)["lesson"];
  const LessonStep& s = lessons()[0].steps[0];
  EXPECT_EQ(v["step_title"], s.title);
  EXPECT_EQ(v["text"], s.text);
  EXPECT_EQ(v["action"], s.action);
  EXPECT_EQ(v["question"]["prompt"], s.question.prompt);
  EXPECT_EQ(v["question"]["choices"].size(), s.question.choices.size());
  EXPECT_FALSE(v["question"].contains("answer"));
  EXPECT_FALSE(v["question"].contains("explanation"));
  EXPECT_FALSE(v["can_next"].get<bool>());

  ASSERT_TRUE(lesson_intent(app, R"({"do": "choose", "choice": 1})").ok());
  ASSERT_TRUE(lesson_intent(app, R"({"do": "reveal"})").ok());
  v = view(app)["lesson"];
  EXPECT_EQ(v["question"]["answer"], s.question.answer);
  EXPECT_EQ(v["question"]["explanation"], s.question.explanation);
  EXPECT_EQ(v["question"]["right"], s.question.answer == 1);
}

TEST(LessonApi, RefusesWhatThePanelWouldNotAllowAndChangesNothing) {
  AppState app;
  ASSERT_TRUE(app.load_data_csv(tiny_csv(60)).ok());
  EXPECT_FALSE(lesson_intent(app, R"({"do": "next"})").ok());            // no lesson yet
  for (const char* bad : {"", "[]", "{", R"({"do": 3})", R"({"do": "fly"})",
                          R"({"do": "start", "lesson": "nope"})", R"({"do": "start", "lesson": 99})"})
    EXPECT_FALSE(lesson_intent(app, bad).ok()) << bad;
  EXPECT_EQ(app.lesson_progress().lesson(), -1);

  ASSERT_TRUE(lesson_intent(app, R"({"do": "start", "lesson": 0})").ok());
  const Status reveal_first = lesson_intent(app, R"({"do": "reveal"})");
  EXPECT_FALSE(reveal_first.ok());
  EXPECT_NE(reveal_first.message().find("answer"), std::string::npos);
  EXPECT_FALSE(lesson_intent(app, R"({"do": "choose", "choice": 9})").ok());
  EXPECT_FALSE(lesson_intent(app, R"({"do": "choose", "choice": "1"})").ok());
  EXPECT_EQ(app.lesson_progress().chosen(), -1);
  ASSERT_TRUE(lesson_intent(app, R"({"do": "choose", "choice": 0})").ok());
  ASSERT_TRUE(lesson_intent(app, R"({"do": "reveal"})").ok());
  EXPECT_FALSE(lesson_intent(app, R"({"do": "choose", "choice": 1})").ok());   // after the reveal
  EXPECT_EQ(app.lesson_progress().chosen(), 0);
  EXPECT_FALSE(lesson_intent(app, R"({"do": "next"})").ok());   // goal: a dataset image selected
  EXPECT_EQ(app.lesson_progress().step(), 0);
  app.select_dataset_image(3);
  ASSERT_TRUE(lesson_intent(app, R"({"do": "next"})").ok());
  EXPECT_EQ(app.lesson_progress().step(), 1);
  ASSERT_TRUE(lesson_intent(app, R"({"do": "back"})").ok());
  EXPECT_FALSE(lesson_intent(app, R"({"do": "back"})").ok());   // the very first step
  ASSERT_TRUE(lesson_intent(app, R"({"do": "stop"})").ok());
  EXPECT_TRUE(view(app)["lesson"].is_null());
}

TEST(LessonApi, SaysWhichNetworkTheLessonUsesAndRestoresTheStudentsOwn) {
  AppState app;
  ASSERT_TRUE(app.load_data_csv(tiny_csv(120)).ok());
  const std::string own = app.preset();
  EXPECT_FALSE(lesson_intent(app, R"({"do": "restore"})").ok());   // nothing kept yet
  ASSERT_TRUE(lesson_intent(app, R"({"do": "start", "lesson": "learn"})").ok());
  sync_lesson_setup(app);                                            // as the frame loop does
  const json v = view(app)["lesson"];
  const LessonSetup& setup = lessons()[static_cast<std::size_t>(lesson_index("learn"))].setup;
  EXPECT_EQ(v["setup"], setup_line(setup));
  EXPECT_FALSE(v["setup"].get<std::string>().empty());
  EXPECT_NE(app.preset(), own);                                      // the lesson's network
  EXPECT_FALSE(v["can_restore"].get<bool>());                        // offered on the last step
  ASSERT_TRUE(lesson_intent(app, R"({"do": "start", "lesson": "learn", "step": 99})").ok());
  EXPECT_TRUE(view(app)["lesson"]["can_restore"].get<bool>());
  ASSERT_TRUE(lesson_intent(app, R"({"do": "restore"})").ok());
  EXPECT_EQ(app.preset(), own);
}

}  // namespace
}  // namespace bpl
