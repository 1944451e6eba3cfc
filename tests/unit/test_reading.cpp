// read_outputs (src/train/reading.hpp): when the Sketch and Decision panels say "not sure".
#include <gtest/gtest.h>

#include "train/reading.hpp"

namespace bpl {
namespace {

VecF outputs(std::initializer_list<float> v) {
  VecF p(kClasses);
  int i = 0;
  for (float x : v) p[i++] = x;
  return p;
}

TEST(Reading, ConfidentSoftmaxIsSure) {
  const Reading r = read_outputs(outputs({0.01f, 0.01f, 0.01f, 0.9f, 0.01f, 0.02f, 0.01f, 0.01f, 0.01f, 0.01f}));
  EXPECT_EQ(r.digit, 3);
  EXPECT_FALSE(r.unsure);
  EXPECT_NEAR(r.confidence, 0.9f, 1e-6f);
}

TEST(Reading, BelowTheThresholdIsUnsureWithTheTopThreeInOrder) {
  const Reading r = read_outputs(outputs({0.0f, 0.05f, 0.0f, 0.6f, 0.0f, 0.0f, 0.0f, 0.3f, 0.05f, 0.0f}));
  EXPECT_TRUE(r.unsure);
  EXPECT_EQ(r.candidates[0], 3);
  EXPECT_EQ(r.candidates[1], 7);
  EXPECT_TRUE(r.candidates[2] == 1 || r.candidates[2] == 8);
  EXPECT_GE(r.candidate_p[0], r.candidate_p[1]);
  EXPECT_GE(r.candidate_p[1], r.candidate_p[2]);
  EXPECT_LT(r.confidence, kUnsureBelow);
}

TEST(Reading, SigmoidOutputsAreNormalizedFirst) {
  // Ng's sigmoid units: 0.9 for "1" and 0.9 for "7" is a tie, not two confident answers.
  const Reading r = read_outputs(outputs({0.01f, 0.9f, 0.01f, 0.01f, 0.01f, 0.01f, 0.01f, 0.9f, 0.01f, 0.01f}));
  EXPECT_TRUE(r.unsure);
  EXPECT_NEAR(r.candidate_p[0] + r.candidate_p[1], 1.8f / 1.88f, 1e-5f);
}

TEST(Reading, BadOutputsGiveNoDigit) {
  EXPECT_EQ(read_outputs(VecF::Zero(kClasses)).digit, -1);
  EXPECT_EQ(read_outputs(VecF::Ones(3)).digit, -1);
}

}  // namespace
}  // namespace bpl
