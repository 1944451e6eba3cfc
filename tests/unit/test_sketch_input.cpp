// The Sketch pad's drawing below the UI (app/sketch_input.hpp) and AppState's intents on it:
// strokes -> the pad's 8x8 image -> the current input, each change versioned; the drawing's
// probabilities are recomputed when the drawing or the weights change, and only then.
#include <gtest/gtest.h>

#include "app/app_state.hpp"
#include "app/sketch_input.hpp"
#include "data/sketch.hpp"
#include "digits_fixture.hpp"

using namespace bpl;

namespace {

// A vertical bar: a "1".
void draw_one(SketchInput& s) {
  s.begin_stroke();
  for (int i = 0; i <= 10; ++i) ASSERT_TRUE(s.add_point({0.5, 0.1 + 0.08 * i}));
}

}  // namespace

TEST(SketchInput, StrokesBecomeThePadsImage) {
  SketchInput s;
  EXPECT_TRUE(s.empty());
  EXPECT_TRUE(s.blank());
  EXPECT_FALSE(s.has_result());
  EXPECT_EQ(s.pixels(), VecD::Zero(kPixels));
  draw_one(s);
  ASSERT_TRUE(s.has_result());
  Result<SketchResult> direct = preprocess(s.strokes());
  ASSERT_TRUE(direct.ok());
  EXPECT_EQ(s.pixels(), direct.value.pixels);   // exactly the pipeline's image
  EXPECT_GT(s.pixels().sum(), 0.0);
}

TEST(SketchInput, EveryChangeBumpsTheVersionAndTinyMovesAreDropped) {
  SketchInput s;
  const unsigned long long v0 = s.version();
  s.begin_stroke();
  EXPECT_EQ(s.version(), v0);                    // a stroke begun has no ink yet
  EXPECT_TRUE(s.blank());
  EXPECT_TRUE(s.add_point({0.2, 0.2}));
  const unsigned long long v1 = s.version();
  EXPECT_GT(v1, v0);
  EXPECT_FALSE(s.add_point({0.2 + SketchInput::kMinStep / 2, 0.2}));   // under a pixel: dropped
  EXPECT_EQ(s.version(), v1);
  EXPECT_EQ(s.strokes().back().size(), 1u);
  EXPECT_TRUE(s.add_point({0.8, 0.8}));
  EXPECT_GT(s.version(), v1);
}

TEST(SketchInput, UndoAndClear) {
  SketchInput s;
  EXPECT_FALSE(s.undo_stroke());
  draw_one(s);
  const VecD one = s.pixels();
  s.begin_stroke();
  ASSERT_TRUE(s.add_point({0.1, 0.5}));
  ASSERT_TRUE(s.add_point({0.9, 0.5}));
  EXPECT_NE(s.pixels(), one);
  const unsigned long long v = s.version();
  ASSERT_TRUE(s.undo_stroke());
  EXPECT_GT(s.version(), v);
  EXPECT_EQ(s.pixels(), one);                    // back to the "1"
  s.clear();
  EXPECT_TRUE(s.empty());
  EXPECT_FALSE(s.has_result());
  EXPECT_EQ(s.pixels(), VecD::Zero(kPixels));
}

TEST(AppStateSketch, DrawingMakesTheSketchTheInputAndClearingDropsIt) {
  AppState app;
  load_small_app(app);
  app.select_dataset_image(5);
  ASSERT_EQ(app.input_source(), InputSource::Dataset);
  app.sketch_begin_stroke();
  app.sketch_add_point({0.5, 0.1});
  app.sketch_add_point({0.5, 0.9});
  EXPECT_EQ(app.input_source(), InputSource::Sketch);
  EXPECT_EQ(app.input_pixels(), app.sketch().pixels());

  app.select_dataset_image(5);                   // a dataset image, then "Use sketch"
  app.use_sketch();
  EXPECT_EQ(app.input_source(), InputSource::Sketch);

  app.sketch_clear();
  EXPECT_EQ(app.input_source(), InputSource::None);
  app.select_dataset_image(7);
  app.sketch_clear();                            // a clear leaves a dataset input alone
  EXPECT_EQ(app.input_source(), InputSource::Dataset);
  EXPECT_EQ(app.selected_index(), 7);
}

TEST(AppStateSketch, ProbabilitiesFollowTheDrawingAndTheWeights) {
  AppState app;
  load_small_app(app);
  app.sketch_begin_stroke();
  for (int i = 0; i <= 10; ++i) app.sketch_add_point({0.5, 0.1 + 0.08 * i});
  const VecF p1 = app.sketch_probabilities();
  ASSERT_EQ(p1.size(), 10);
  EXPECT_EQ(p1, app.predict_raw(app.sketch().pixels()));

  app.set_training(true);                        // new weights: recomputed
  for (int f = 0; f < 5; ++f) app.train_for(20.0);
  app.set_training(false);
  ASSERT_GT(app.trainer().iteration(), 0);
  const VecF p2 = app.sketch_probabilities();
  EXPECT_NE(p2, p1);
  EXPECT_EQ(p2, app.predict_raw(app.sketch().pixels()));

  app.sketch_begin_stroke();                     // a new stroke: recomputed
  app.sketch_add_point({0.1, 0.5});
  app.sketch_add_point({0.9, 0.5});
  EXPECT_EQ(app.sketch_probabilities(), app.predict_raw(app.sketch().pixels()));
  EXPECT_NE(app.sketch_probabilities(), p2);
}
