// Augmentation (src/data/augment.hpp): determinism, ranges, identity, clamp, mass, the
// polynomial sin/cos, the trainer's per-epoch redraw, the config JSON and the presets.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

#include "data/augment.hpp"
#include "data/dataset.hpp"
#include "digits_fixture.hpp"
#include "train/config_json.hpp"
#include "train/presets.hpp"
#include "train/trainer.hpp"

namespace bpl {
namespace {

MatD first_images(int n) { return digits().X.leftCols(n); }

TEST(Augment, SinCosPolynomialMatchesLibm) {
  for (double x = -1.0; x <= 1.0; x += 1.0 / 64) {
    double s = 0, c = 0;
    sin_cos_poly(x, &s, &c);
    EXPECT_NEAR(s, std::sin(x), 4e-16) << x;
    EXPECT_NEAR(c, std::cos(x), 4e-16) << x;
  }
}

TEST(Augment, SameSeedAndEpochGiveTheSameBits) {
  const MatD X = first_images(200);
  AugmentConfig cfg;
  cfg.thickness = 0.4;
  const MatD a = augment_epoch(X, cfg, 3), b = augment_epoch(X, cfg, 3);
  EXPECT_TRUE(bit_equal(a, b));
  EXPECT_FALSE(bit_equal(a, augment_epoch(X, cfg, 4)));  // another epoch: other distortions
  AugmentConfig other = cfg;
  other.seed = 2;
  EXPECT_FALSE(bit_equal(a, augment_epoch(X, other, 3)));
}

TEST(Augment, LayoutOriginalsThenCopiesAndValuesInRange) {
  const MatD X = first_images(100);
  AugmentConfig cfg;
  cfg.copies = 3;
  cfg.thickness = 1.0;
  cfg.rotation_deg = 45;
  cfg.shift = 2;
  const MatD A = augment_epoch(X, cfg, 0);
  ASSERT_EQ(A.cols(), 4 * X.cols());
  EXPECT_TRUE(bit_equal(A.leftCols(X.cols()), X));
  EXPECT_GE(A.minCoeff(), 0.0);
  EXPECT_LE(A.maxCoeff(), 16.0);
  int changed = 0;
  for (Index j = 0; j < X.cols(); ++j) changed += (A.col(X.cols() + j) - X.col(j)).norm() > 1.0;
  EXPECT_GT(changed, 90);  // the copies really are distorted
}

TEST(Augment, DrawsStayInsideTheConfiguredRanges) {
  AugmentConfig cfg;  // 15 degrees, shear 0.15, scale 0.15, shift 0.6
  cfg.thickness = 0.3;
  Rng rng(5);
  for (int i = 0; i < 2000; ++i) {
    const Distortion d = draw_distortion(cfg, rng);
    EXPECT_LE(std::fabs(d.tx), 0.6);
    EXPECT_LE(std::fabs(d.ty), 0.6);
    EXPECT_LE(std::fabs(d.thickness), 0.3);
    // det M = 1 / s^2 (rotation and shear have determinant 1): s in 1 +- 0.15
    const double det = d.m00 * d.m11 - d.m01 * d.m10;
    EXPECT_GE(det, 1.0 / (1.15 * 1.15) - 1e-12);
    EXPECT_LE(det, 1.0 / (0.85 * 0.85) + 1e-12);
  }
}

TEST(Augment, IdentityAndZeroRangesReturnTheImage) {
  const MatD X = first_images(50);
  VecD out(kPixels);
  for (Index j = 0; j < X.cols(); ++j) {
    apply_distortion(Distortion::identity(), X.col(j).data(), out.data());
    EXPECT_TRUE(out == X.col(j));
  }
  AugmentConfig zero;
  zero.rotation_deg = zero.shear = zero.scale = zero.shift = zero.thickness = 0;
  const MatD A = augment_epoch(X, zero, 7);
  for (int k = 1; k <= zero.copies; ++k) EXPECT_TRUE(bit_equal(A.middleCols(k * X.cols(), X.cols()), X));
}

TEST(Augment, WholePixelShiftMovesTheImage) {
  VecD img = VecD::Zero(kPixels), out(kPixels);
  img[3 * 8 + 3] = 16;
  Distortion d;
  d.tx = 1;   // one pixel right
  d.ty = -2;  // two pixels up
  apply_distortion(d, img.data(), out.data());
  EXPECT_EQ(out[1 * 8 + 4], 16.0);
  EXPECT_EQ(out.sum(), 16.0);
}

TEST(Augment, ClampsToZeroSixteen) {
  VecD img = VecD::Constant(kPixels, 20.0), out(kPixels);  // out of range on purpose
  img[0] = -5;
  Distortion d;
  d.thickness = 0.8;
  apply_distortion(d, img.data(), out.data());
  EXPECT_LE(out.maxCoeff(), 16.0);
  EXPECT_GE(out.minCoeff(), 0.0);
  EXPECT_EQ(out[63], 16.0);
}

TEST(Augment, RotationShearAndShiftRoughlyPreserveTheInk) {
  const MatD X = first_images(300);
  AugmentConfig cfg;
  cfg.scale = 0;  // scaling changes the ink by s^2 on purpose
  const MatD A = augment_epoch(X, cfg, 1);
  double before = X.sum() * cfg.copies, after = A.rightCols(cfg.copies * X.cols()).sum();
  EXPECT_GT(after / before, 0.90);
  EXPECT_LT(after / before, 1.05);
}

TEST(Augment, ThickerStrokesHaveMoreInkThinnerLess) {
  const MatD X = first_images(100);
  VecD out(kPixels);
  double thick = 0, thin = 0;
  for (Index j = 0; j < X.cols(); ++j) {
    Distortion d;
    d.thickness = 0.5;
    apply_distortion(d, X.col(j).data(), out.data());
    thick += out.sum();
    d.thickness = -0.5;
    apply_distortion(d, X.col(j).data(), out.data());
    thin += out.sum();
  }
  EXPECT_GT(thick, 1.1 * X.sum());
  EXPECT_NEAR(thin, 0.5 * X.sum(), 1e-6 * X.sum());
}

TEST(Augment, ValidateRejectsBadRanges) {
  AugmentConfig a;
  EXPECT_TRUE(a.validate().ok());
  a.rotation_deg = 60;
  EXPECT_FALSE(a.validate().ok());
  a = AugmentConfig();
  a.copies = 0;
  EXPECT_FALSE(a.validate().ok());
  a = AugmentConfig();
  a.shift = std::nan("");
  EXPECT_FALSE(a.validate().ok());
  a = AugmentConfig();
  a.thickness = -0.1;
  EXPECT_FALSE(a.validate().ok());
}

// ---------------------------------------------------------------- trainer

TrainConfig small_adam(bool augment) {
  TrainConfig c = find_preset("reader")->config;
  c.arch.hidden = {16};
  c.augment = augment;
  c.augmentation.copies = 2;
  return c;
}

TEST(AugmentTrainer, MinibatchOptimizersRedrawEveryEpochAndResetRestartsTheDraws) {
  Trainer t;
  ASSERT_TRUE(t.setup(digits(), small_adam(true)).ok());
  const MatF epoch0 = t.fit_inputs();
  // The originals: the training split and the preset's drawn-style digits (test_drawn.cpp).
  const Index n = static_cast<Index>(t.split().train.size()) + t.config().augmentation.drawn;
  ASSERT_EQ(epoch0.cols(), 3 * n);
  EXPECT_EQ(t.fit_epoch(), 0);
  while (t.epoch() < 1.0) ASSERT_TRUE(t.step());
  EXPECT_EQ(t.fit_epoch(), 1);
  const MatF epoch1 = t.fit_inputs();
  ASSERT_EQ(epoch1.cols(), epoch0.cols());
  EXPECT_TRUE(epoch1.leftCols(n) == epoch0.leftCols(n));                 // the originals stay
  EXPECT_GT((epoch1.rightCols(2 * n) - epoch0.rightCols(2 * n)).norm(), 1.0f);  // fresh copies
  while (t.epoch() < 2.0) ASSERT_TRUE(t.step());
  EXPECT_FALSE(t.fit_inputs() == epoch1);
  t.reset();
  EXPECT_EQ(t.fit_epoch(), 0);
  EXPECT_TRUE(t.fit_inputs() == epoch0);
}

TEST(AugmentTrainer, FullBatchOptimizersKeepOneFixedSet) {
  TrainConfig c = small_adam(true);
  c.optim = OptimizerConfig::for_kind(OptimizerKind::LBFGS);
  Trainer t;
  ASSERT_TRUE(t.setup(digits(), c).ok());
  const MatF fixed = t.fit_inputs();
  for (int i = 0; i < 3; ++i) t.step();
  EXPECT_EQ(t.fit_epoch(), 0);
  EXPECT_TRUE(t.fit_inputs() == fixed);
}

TEST(AugmentTrainer, WithoutAugmentTheTrainingSplitIsFitted) {
  Trainer t;
  ASSERT_TRUE(t.setup(digits(), small_adam(false)).ok());
  EXPECT_TRUE(t.fit_inputs() == t.X(Subset::Train));
  while (t.epoch() < 1.0) ASSERT_TRUE(t.step());
  EXPECT_TRUE(t.fit_inputs() == t.X(Subset::Train));
}

TEST(AugmentTrainer, ChangingTheAugmentationRedrawsTheImages) {
  Trainer t;
  ASSERT_TRUE(t.setup(digits(), small_adam(true)).ok());
  const MatF before = t.fit_inputs();
  TrainConfig c = t.config();
  c.augmentation.rotation_deg = 30;
  ASSERT_TRUE(t.reconfigure(c).ok());
  EXPECT_FALSE(t.fit_inputs() == before);
}

// ---------------------------------------------------------------- config JSON and presets

TEST(AugmentConfigJson, BooleanAugmentStillParsesAndTheObjectMerges) {
  TrainConfig base;
  base.augment = false;
  Result<TrainConfig> r = config_from_json_text(R"({"augment": true})", base);
  ASSERT_TRUE(r.ok()) << r.message();
  EXPECT_TRUE(r.value.augment);
  EXPECT_TRUE(r.value.augmentation == AugmentConfig());
  r = config_from_json_text(R"({"augmentation": {"rotation": 20, "copies": 2}})", base);
  ASSERT_TRUE(r.ok()) << r.message();
  EXPECT_EQ(r.value.augmentation.rotation_deg, 20.0);
  EXPECT_EQ(r.value.augmentation.copies, 2);
  EXPECT_EQ(r.value.augmentation.shear, AugmentConfig().shear);  // untouched keys keep the base
  Result<TrainConfig> back = config_from_json(config_to_json(r.value), TrainConfig());
  ASSERT_TRUE(back.ok()) << back.message();
  EXPECT_TRUE(back.value.augmentation == r.value.augmentation);
}

TEST(AugmentConfigJson, BadAugmentationIsRejectedWithTheKey) {
  const TrainConfig base;
  for (const char* bad : {R"({"augmentation": {"rotation": 90}})", R"({"augmentation": {"copies": 0}})",
                          R"({"augmentation": {"spin": 1}})", R"({"augmentation": 3})",
                          R"({"augmentation": {"shear": "lots"}})"}) {
    Result<TrainConfig> r = config_from_json_text(bad, base);
    EXPECT_FALSE(r.ok()) << bad;
    EXPECT_NE(r.message().find("augmentation"), std::string::npos) << r.message();
  }
}

TEST(Presets, DefaultIsTheReaderAndTheNotebookIsThere) {
  EXPECT_EQ(default_preset().id, "reader");
  const Preset* nb = find_preset("notebook");
  ASSERT_NE(nb, nullptr);
  EXPECT_EQ(nb->name, "Notebook: 64-25-10 sigmoid, \u03bb = 1, conjugate gradient");
  EXPECT_EQ(nb->config.arch.hidden, std::vector<int>{25});
  EXPECT_EQ(nb->config.arch.activation, Activation::Sigmoid);
  EXPECT_EQ(nb->config.arch.output, OutputKind::SigmoidBCE);
  EXPECT_EQ(nb->config.lambda, 1.0);
  EXPECT_EQ(nb->config.optim.kind, OptimizerKind::CG);
  EXPECT_FALSE(nb->config.augment);
  for (const Preset& p : presets()) EXPECT_TRUE(p.config.validate().ok()) << p.id;
  EXPECT_EQ(find_preset("nope"), nullptr);
}

TEST(Presets, MatchingIsExactAndAnyChangeIsCustom) {
  for (const Preset& p : presets()) EXPECT_EQ(matching_preset(p.config), p.id);
  TrainConfig c = find_preset("notebook")->config;
  c.lambda = 2;
  EXPECT_EQ(matching_preset(c), "custom");
  c = default_preset().config;
  c.augmentation.copies += 1;
  EXPECT_EQ(matching_preset(c), "custom");
}

TEST(Presets, PresetKeyInConfigJson) {
  Result<TrainConfig> r = config_from_json_text(R"({"preset": "notebook", "lambda": 3})", default_preset().config);
  ASSERT_TRUE(r.ok()) << r.message();
  EXPECT_EQ(r.value.arch.hidden, std::vector<int>{25});
  EXPECT_EQ(r.value.lambda, 3.0);
  r = config_from_json_text(R"({"preset": "notebook"})", default_preset().config);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(matching_preset(r.value), "notebook");
  r = config_from_json_text(R"({"preset": "best"})", TrainConfig());
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.message().find("notebook"), std::string::npos) << r.message();
}

}  // namespace
}  // namespace bpl
