// Lessons: the table is well formed (every goal is one the app can check, every question can be
// answered), and a student can only move on after committing to an answer AND doing the action.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "app/app_state.hpp"
#include "app/backprop_stepper.hpp"
#include "app/lessons.hpp"
#include "app/scheduler.hpp"
#include "app/unit_stats.hpp"
#include "train/config_json.hpp"
#include "digits_fixture.hpp"

namespace bpl {
namespace {

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

// Lesson 5's second step asks for a hidden layer's delta explained: a pinned output delta is not it.
TEST(Lessons, HiddenDeltaGoalWantsAHiddenLayersDeltaPinned) {
  EXPECT_TRUE(known_goal("explained:hidden_delta"));
  EXPECT_FALSE(known_goal("explained:output"));
  AppState app;
  load_small_app(app);
  const int error = lesson_index("error");
  const Lesson& L = lessons()[static_cast<std::size_t>(error)];
  ASSERT_EQ(L.steps.size(), 2u);
  ASSERT_EQ(L.steps[1].goal, "explained:hidden_delta");
  LessonProgress p;
  p.start(error, 1, app);
  BackpropStepper& bp = app.backprop();
  ASSERT_TRUE(bp.select_index(app, 0).ok());
  const int out = bp.trace().L();
  EXPECT_FALSE(p.goal_met(app));                     // nothing pinned
  bp.pin({Quantity::Delta, out, 0, 0});
  EXPECT_FALSE(p.goal_met(app)) << "the output layer's delta";
  bp.pin({Quantity::A, 1, 0, 0});
  EXPECT_FALSE(p.goal_met(app)) << "a hidden activation";
  bp.pin({Quantity::Delta, out - 1, 3, 0});
  EXPECT_TRUE(p.goal_met(app));
}

TEST(Lessons, PanelGoalsFollowTheView) {
  AppState app;
  ASSERT_TRUE(app.load_data_csv(tiny_csv(60)).ok());
  LessonProgress p;
  p.start(lesson_index("lambda"), 0, app);  // goal: panel:sweep
  ASSERT_EQ(p.current_step()->goal, "panel:sweep");
  EXPECT_FALSE(p.goal_met(app));
  app.view().set_open("sweep", true);
  EXPECT_TRUE(p.goal_met(app));
  const unsigned long long v = p.version();
  p.start(99, 0, app);                      // unknown lesson: none
  EXPECT_EQ(p.current_step(), nullptr);
  EXPECT_GT(p.version(), v);
}

const Lesson& lesson(const char* id) {
  const int i = lesson_index(id);
  EXPECT_GE(i, 0) << id;
  return lessons()[static_cast<std::size_t>(std::max(i, 0))];
}

TEST(LessonSetup, EveryLessonAboutSigmoidBugsOrPicturesUsesTheNotebookAndReadingTheReader) {
  for (const char* id : {"unit", "forward", "error", "gradient", "gradcheck"})
    EXPECT_EQ(lesson(id).setup.preset, "notebook") << id;
  EXPECT_EQ(lesson("sketch").setup.preset, "reader");
  EXPECT_GT(lesson("learn").setup.speed, 0) << "lesson 2 watches single iterations: slow motion";
  EXPECT_EQ(lesson("learn").setup.preset, "notebook") << "a point per iteration, and a train/validation gap";
  EXPECT_EQ(setup_line(lesson("forward").setup),
            "This lesson uses the notebook's network: 25 sigmoid units, trained by conjugate gradient.");
  EXPECT_EQ(setup_line(lesson("data").setup), "");
  EXPECT_EQ(setup_line(lesson("unit").setup),
            "This lesson uses the notebook's network: 25 sigmoid units, trained by conjugate gradient; it trains "
            "now from fresh weights (seed 3) until it stops.");
  for (const Lesson& l : lessons())
    if (!l.setup.preset.empty()) EXPECT_NE(setup_line(l.setup), "") << l.id;
}

// Starting a lesson applies its setup (once); the student's own model, speed and panels come back.
TEST(LessonSetup, AppliesTheLessonsNetworkAndRestoresTheStudents) {
  AppState app;
  ASSERT_TRUE(app.load_data_csv(digits_csv()).ok());
  ASSERT_EQ(app.preset(), "reader");
  app.step(3);                                 // the student's own, partly trained weights
  const VecF own_theta = app.trainer().net().theta();
  app.set_speed(0);
  app.view().set_open("data", true);
  const std::vector<std::string> own_open = app.view().open;
  LessonProgress& p = app.lesson_progress();
  p.start(lesson_index("data"), 0, app);
  EXPECT_TRUE(sync_lesson_setup(app));
  EXPECT_FALSE(p.has_saved()) << "lesson 1 changes nothing: nothing to keep";
  EXPECT_FALSE(sync_lesson_setup(app)) << "applied once per lesson";
  p.start(lesson_index("forward"), 0, app);
  EXPECT_TRUE(sync_lesson_setup(app));
  EXPECT_EQ(app.preset(), "notebook");
  EXPECT_EQ(app.config().arch.hidden, std::vector<int>{25});
  EXPECT_EQ(app.config().arch.activation, Activation::Sigmoid);
  EXPECT_TRUE(app.view().is_open("backprop"));
  EXPECT_TRUE(app.view().is_open("lessons"));
  EXPECT_FALSE(app.training());
  ASSERT_TRUE(p.has_saved());
  app.step(2);                                 // the lesson's network trains a little
  const VecF lesson_theta = app.trainer().net().theta();
  p.start(lesson_index("error"), 0, app);      // the same network: kept as it is
  EXPECT_TRUE(sync_lesson_setup(app));
  EXPECT_TRUE(app.trainer().net().theta() == lesson_theta) << "a lesson on the same preset keeps its weights";
  p.start(lesson_index("sketch"), 0, app);
  EXPECT_TRUE(sync_lesson_setup(app));
  EXPECT_EQ(app.preset(), "reader");
  EXPECT_EQ(app.speed(), 0);
  p.start(lesson_index("learn"), 0, app);
  EXPECT_TRUE(sync_lesson_setup(app));
  EXPECT_EQ(app.preset(), "notebook");
  EXPECT_EQ(app.speed(), lesson("learn").setup.speed);
  app.set_every_step_points(true);             // the student ticks "Every step"
  ASSERT_TRUE(restore_student_setup(app));
  EXPECT_FALSE(p.has_saved());
  EXPECT_EQ(app.preset(), "reader");
  EXPECT_TRUE(app.trainer().net().theta() == own_theta) << "the student's own weights are back";
  EXPECT_EQ(app.speed(), 0);
  EXPECT_FALSE(app.every_step_points());
  EXPECT_EQ(app.view().open.size(), own_open.size() + 1);   // theirs, and the Lessons panel
  for (const std::string& id : own_open) EXPECT_TRUE(app.view().is_open(id)) << id;
  EXPECT_FALSE(app.view().is_open("backprop"));
  EXPECT_FALSE(restore_student_setup(app)) << "nothing kept any more";
}

TEST(LessonSetup, UnitGoalNeedsATapDuringTheStep) {
  AppState app;
  ASSERT_TRUE(app.load_data_csv(tiny_csv(60)).ok());
  app.set_focus_unit(1, 2);                    // focused before the lesson: does not count
  LessonProgress p;
  p.start(lesson_index("unit"), 0, app);
  ASSERT_EQ(p.current_step()->goal, "unit");
  EXPECT_FALSE(p.goal_met(app)) << "done before the student did anything";
  app.set_focus_unit(2, 0);                    // an output unit is not a tile
  EXPECT_FALSE(p.goal_met(app));
  app.set_focus_unit(1, 4);
  EXPECT_TRUE(p.goal_met(app));
}

// Slow motion: a fixed rate whatever the frame rate, no burst after a pause.
TEST(LessonSetup, PacerKeepsTheRate) {
  StepPacer pacer;
  double t = 0;
  int steps = 0;
  for (int frame = 0; frame < 200; ++frame, t += 16.7) {   // 3.34 s at 60 frames a second
    const int n = pacer.allowance(t, 5);
    pacer.spent(n);
    steps += n;
  }
  EXPECT_GE(steps, 16);   // 1 at once, then 5 a second
  EXPECT_LE(steps, 18);
  EXPECT_EQ(pacer.allowance(t + 60000, 5), 1) << "a minute's stall releases no burst";
  EXPECT_EQ(pacer.allowance(t, 0), 0);
}

TEST(LessonSetup, SchedulerQuotaCapsOneSession) {
  double now = 0;
  Scheduler sch([&] { return now; });
  std::vector<int> taken(2, 0);
  const Scheduler::Slice s = sch.run(
      100.0, {0, 1},
      [&](int id) {
        ++taken[static_cast<std::size_t>(id)];
        now += 1.0;
        return true;
      },
      [](int id) { return id == 0 ? 2 : -1; });
  EXPECT_EQ(taken[0], 2);
  EXPECT_GE(taken[1], 90);
  EXPECT_TRUE(s.finished.empty()) << "a used quota is not the end of training";
}

TEST(LessonSetup, SlowMotionTrainsAtItsSpeedWithAPointPerStep) {
  AppState app;
  ASSERT_TRUE(app.load_data_csv(digits_csv()).ok());
  app.lesson_progress().start(lesson_index("learn"), 0, app);
  ASSERT_TRUE(sync_lesson_setup(app));
  ASSERT_EQ(app.speed(), 5);
  app.reset();
  app.set_training(true);
  const std::size_t before = app.trainer().history().size();
  int steps = 0;
  for (int frame = 0; frame < 10; ++frame) steps += app.train_for(50.0);   // ten quick frames
  EXPECT_GE(steps, 1);
  EXPECT_LE(steps, 2) << "5 steps a second: ten frames in well under a second take 1 or 2";
  EXPECT_EQ(app.trainer().history().size(), before + static_cast<std::size_t>(steps)) << "one point per step";
  // The lesson's claims on this network: the loss falls over 20 iterations; after 60, the
  // training accuracy is above the validation accuracy.
  app.set_training(false);
  app.reset();
  app.step(20);
  const std::vector<HistoryPoint>& h = app.trainer().history();
  ASSERT_EQ(h.size(), 21u);
  EXPECT_LT(h.back().train.loss, 0.7 * h.front().train.loss);
  app.step(40);
  EXPECT_EQ(app.trainer().history().size(), 61u);
  EXPECT_GT(app.trainer().history().back().train.accuracy, app.trainer().history().back().validation.accuracy);
  EXPECT_EQ(lesson("learn").steps[1].question.choices[static_cast<std::size_t>(lesson("learn").steps[1].question.answer)],
            "Train");
}

// Minibatch optimizers record a point per epoch; with "Every step", one per step.
TEST(LessonSetup, EveryStepPointsForMinibatchOptimizers) {
  AppState app;
  ASSERT_TRUE(app.load_data_csv(digits_csv()).ok());
  ASSERT_TRUE(app.apply_preset("reader").ok());
  ASSERT_TRUE(is_minibatch(app.config().optim.kind));
  const std::size_t before = app.trainer().history().size();
  app.step(3);
  EXPECT_EQ(app.trainer().history().size(), before) << "mid-epoch: no point by default";
  app.set_every_step_points(true);
  app.step(3);
  EXPECT_EQ(app.trainer().history().size(), before + 3);
  EXPECT_EQ(app.trainer().history().back().iteration, 6);
  EXPECT_GT(app.trainer().history().back().epoch, 0.0);
  EXPECT_LT(app.trainer().history().back().epoch, 1.0);
  ASSERT_TRUE(app.set_config(app.config()).ok());
  EXPECT_TRUE(app.every_step_points()) << "kept across configs";
}

TEST(UnitStats, DeadReluUnitsNeverActivate) {
  Architecture A;
  A.hidden = {3};
  A.activation = Activation::Relu;
  VecF theta = VecF::Zero(A.param_count());
  auto W = weights<float>(A, theta.data(), 1);
  auto b = biases<float>(A, theta.data(), 1);
  W.row(0).setConstant(0.1f);     // unit 1: active on any ink
  b(1) = -100.0f;                 // unit 2: z < 0 everywhere: dead
  W.row(2).setConstant(-0.1f);    // unit 3: negative on any ink, 0 on a blank image: dead too
  MatF X = MatF::Constant(64, 4, 0.5f);
  X.col(3).setZero();
  const UnitStats s = compute_unit_stats(A, theta, X, {0, 1, 2, 3});
  ASSERT_EQ(s.units, 3);
  EXPECT_FALSE(s.dead[0]);
  EXPECT_TRUE(s.dead[1]);
  EXPECT_TRUE(s.dead[2]);
  EXPECT_EQ(s.dead_count, 2);
  EXPECT_FLOAT_EQ(s.active_fraction[0], 0.75f);
  A.activation = Activation::Sigmoid;   // sigmoid units never die
  EXPECT_EQ(compute_unit_stats(A, theta, X, {0, 1, 2, 3}).dead_count, 0);
}

TEST(UnitStats, TopDigitAndRing) {
  Architecture A;
  A.hidden = {2};
  VecF theta = VecF::Zero(A.param_count());
  auto W = weights<float>(A, theta.data(), 1);
  for (int i = 0; i < 64; ++i) W(0, i) = ring_template()[static_cast<std::size_t>(i)];   // a ring unit
  W(1, 27) = 1.0f;                                                                        // a centre pixel
  MatF X = MatF::Zero(64, 2);
  for (int i = 0; i < 64; ++i) X(i, 0) = ring_template()[static_cast<std::size_t>(i)] > 0 ? 1.0f : 0.0f;  // an "o"
  X(27, 1) = 1.0f;
  const UnitStats s = compute_unit_stats(A, theta, X, {0, 7});
  EXPECT_EQ(s.ring_unit, 0);
  EXPECT_NEAR(s.ring_score[0], 1.0f, 1e-5);
  EXPECT_EQ(s.top_digit[0], 0);
  EXPECT_EQ(s.top_digit[1], 7);
}

// Lesson 3 asks which digit excites the unit with red weights on a ring: on the network the
// lesson sets up (the notebook's, trained until it stops), the answer must hold.
TEST(LessonSetup, LessonThreesRingUnitIsExcitedMostByItsAnswer) {
  AppState app;
  ASSERT_TRUE(app.load_data_csv(digits_csv()).ok());
  ASSERT_TRUE(app.apply_preset("notebook").ok());
  app.step(37);                                // whatever the student did before (lesson 2 trains it)
  app.lesson_progress().start(lesson_index("unit"), 0, app);
  ASSERT_TRUE(sync_lesson_setup(app));
  EXPECT_EQ(app.config().arch.hidden, std::vector<int>{25});
  EXPECT_EQ(app.config().arch.activation, Activation::Sigmoid);
  EXPECT_EQ(app.config().init_seed, lesson("unit").setup.seed);
  EXPECT_TRUE(app.training()) << "the lesson trains the network";
  EXPECT_EQ(app.trainer().iteration(), 0) << "from the seed's weights";
  for (int i = 0; i < 2000 && !app.trainer().stopped(); ++i) app.step(1);
  ASSERT_TRUE(app.trainer().stopped());
  const UnitStats& s = app.unit_stats();
  ASSERT_GE(s.ring_unit, 0);
  const std::size_t u = static_cast<std::size_t>(s.ring_unit);
  EXPECT_GT(s.ring_score[u], 0.3f) << "the unit the lesson points at does look like a ring";
  const LessonQuestion& q = lesson("unit").steps[0].question;
  EXPECT_EQ(std::to_string(s.top_digit[u]), q.choices[static_cast<std::size_t>(q.answer)])
      << "ring unit " << s.ring_unit + 1 << " (score " << s.ring_score[u] << ")";
  EXPECT_EQ(s.dead_count, 0) << "sigmoid units never die";
}

}  // namespace
}  // namespace bpl
