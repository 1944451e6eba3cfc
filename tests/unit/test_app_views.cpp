// What the Decision panel shows, computed by the app (AppState::test_images and
// image_probabilities): the galleries of test images by true and predicted digit, grouped so
// that similar mistakes sit together, and the outputs of a hovered image; both follow the weights.
#include <gtest/gtest.h>

#include <vector>

#include "app/app_state.hpp"
#include "digits_fixture.hpp"

using namespace bpl;

namespace {

// The expected gallery, straight from the definition.
std::vector<int> expected(AppState& app, int truth, int guess) {
  const std::vector<int>& y = app.trainer().y(Subset::Test);
  const std::vector<int>& pred = app.test_predictions();
  std::vector<int> out;
  for (int t = 0; t < kClasses; ++t)          // grouped by true digit ...
    for (int p = 0; p < kClasses; ++p)        // ... then by predicted digit, in test order
      for (std::size_t i = 0; i < y.size(); ++i)
        if (y[i] == t && pred[i] == p && (truth < 0 || t == truth) &&
            (guess == AppState::kWrong ? p != t : (guess < 0 || p == guess)))
          out.push_back(static_cast<int>(i));
  return out;
}

void train_a_little(AppState& app) { app.step(3); }

}  // namespace

TEST(AppViews, TestImagesAreTheAskedOnesGroupedByTrueThenPredictedDigit) {
  AppState app;
  load_small_app(app);
  train_a_little(app);
  const ConfusionMatrix cm = app.test_confusion();
  const std::vector<int> wrong = app.test_images(-1, AppState::kWrong);
  EXPECT_EQ(wrong, expected(app, -1, AppState::kWrong));
  EXPECT_EQ(static_cast<int>(wrong.size()), cm.sum() - cm.trace());
  ASSERT_GT(wrong.size(), 1u);   // an untrained-ish network: enough mistakes to order
  for (int t = 0; t < kClasses; ++t) {
    EXPECT_EQ(app.test_images(t, AppState::kWrong), expected(app, t, AppState::kWrong)) << "true " << t;
    for (int p = 0; p < kClasses; ++p)
      EXPECT_EQ(static_cast<int>(app.test_images(t, p).size()), cm(t, p)) << t << " -> " << p;
  }
  EXPECT_EQ(app.test_images(-1, -1).size(), app.trainer().y(Subset::Test).size());
}

TEST(AppViews, GalleriesAndOutputsFollowTheWeights) {
  AppState app;
  load_small_app(app);
  const std::vector<int> before = app.test_images(-1, AppState::kWrong);
  const int image = app.trainer().indices(Subset::Test)[0];
  const VecF p_before = app.image_probabilities(image);
  EXPECT_EQ(p_before, app.predict_raw(app.data().X.col(image)));
  train_a_little(app);
  EXPECT_EQ(app.test_images(-1, AppState::kWrong), expected(app, -1, AppState::kWrong));
  EXPECT_NE(app.test_images(-1, AppState::kWrong), before);
  const VecF p_after = app.image_probabilities(image);
  EXPECT_EQ(p_after, app.predict_raw(app.data().X.col(image)));
  EXPECT_NE(p_after, p_before);
  EXPECT_EQ(app.image_probabilities(-1).size(), 0);
  EXPECT_EQ(app.image_probabilities(app.data().size()).size(), 0);
}
