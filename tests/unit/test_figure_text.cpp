// Text alternatives of the figures (src/app/figure_text.hpp): each says what its figure shows,
// computed from the numbers, never a canned sentence.
#include <gtest/gtest.h>

#include "app/figure_text.hpp"

namespace bpl {
namespace {

HistoryPoint point(int it, double epoch, double train_loss, double val_loss, double train_acc, double val_acc) {
  HistoryPoint p;
  p.iteration = it;
  p.epoch = epoch;
  p.train = {train_loss, train_acc};
  p.validation = {val_loss, val_acc};
  return p;
}

TEST(FigureText, CurvesSayHowTheLossMovedAndTheAccuracies) {
  EXPECT_EQ(describe_curves({}, true), "No training yet: the curves are empty.");
  const std::vector<HistoryPoint> h = {point(0, 0, 2.30, 2.31, 0.10, 0.09), point(510, 15, 0.05, 0.07, 0.99, 0.995),
                                       point(1020, 30, 0.031, 0.06, 0.997, 0.994)};
  EXPECT_EQ(describe_curves(h, true),
            "Training loss fell from 2.3 to 0.031 in 30 epochs (1,020 steps); validation loss 0.06. "
            "Accuracy: training 99.7%, validation 99.4% (best 99.5%, epoch 15).");
  const std::vector<HistoryPoint> cg = {point(0, 0, 0.5, 0.5, 0.8, 0.8), point(100, 100, 0.9, 0.9, 0.7, 0.7)};
  EXPECT_EQ(describe_curves(cg, false),
            "Training loss went from 0.5 to 0.9 in 100 iterations; validation loss 0.9. "
            "Accuracy: training 70.0%, validation 70.0% (best 80.0%, iteration 0).");
}

TEST(FigureText, AUnitSaysWhereInkTurnsItOnAndOff) {
  VecD w = VecD::Constant(64, 0.01);
  for (int r : {0, 1})
    for (int c : {3, 4}) w[r * 8 + c] = 1.0;     // top centre
  w[6 * 8 + 6] = -0.8;                            // bottom right
  w[7 * 8 + 7] = -0.5;
  EXPECT_EQ(describe_unit_weights(w),
            "Weights from -0.80 to +1.00. Ink in the top centre (rows 1-2, columns 4-5) turns it on most; "
            "ink in the bottom right (rows 7-8, columns 7-8) turns it off.");
  EXPECT_EQ(describe_unit_weights(VecD::Zero(64)), "All 64 weights are zero: this unit ignores the image.");
  EXPECT_EQ(describe_unit_weights(VecD::Zero(10)), "");
}

TEST(FigureText, OutputsNameTheReadingAndTheRunnersUp) {
  VecD p = VecD::Zero(10);
  p[7] = 0.93;
  p[1] = 0.04;
  p[9] = 0.02;
  p[3] = 0.01;
  EXPECT_EQ(describe_outputs(p), "Reads 7 with probability 0.93; then 1 (0.04), 9 (0.02).");
}

TEST(FigureText, PixelRegions) {
  EXPECT_EQ(pixel_region(0, 0), "top left");
  EXPECT_EQ(pixel_region(3, 4), "middle");
  EXPECT_EQ(pixel_region(7, 7), "bottom right");
  EXPECT_EQ(pixel_region(0, 4), "top centre");
  EXPECT_EQ(pixel_region(5, 0), "bottom left");
}

}  // namespace
}  // namespace bpl
