// The JSON of window.lab that lives in src/app/lab_json.cpp: parsing (every key, every error
// naming its key, nothing thrown) and building (values, nulls for non-finite numbers, round trip).
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "app/lab_json.hpp"

namespace {

using nlohmann::json;
namespace lj = bpl::lab_json;

json parse(const char* text) { return json::parse(text, nullptr, /*allow_exceptions=*/false); }

TEST(LabJson, NumberOrNullKeepsFiniteNumbersOnly) {
  EXPECT_EQ(lj::number_or_null(0.25), json(0.25));
  EXPECT_TRUE(lj::number_or_null(std::numeric_limits<double>::quiet_NaN()).is_null());
  EXPECT_TRUE(lj::number_or_null(std::numeric_limits<double>::infinity()).is_null());
  EXPECT_TRUE(lj::number_or_null(-std::numeric_limits<double>::infinity()).is_null());
}

TEST(LabJson, KnnOptionsDefaultsAndEveryKey) {
  for (const char* text : {"null", "{}"}) {
    const auto o = lj::knn_options(parse(text));
    ASSERT_TRUE(o.ok()) << text << ": " << o.status.message();
    EXPECT_EQ(o.value.folds, 4);
    EXPECT_FALSE(o.value.shuffle);
    EXPECT_EQ(o.value.seed, 42u);
    EXPECT_EQ(o.value.scaling, bpl::KnnScaling::Raw);
  }
  const auto o = lj::knn_options(parse(R"({"folds": 5, "shuffle": true, "seed": 7, "scaling": "standardize"})"));
  ASSERT_TRUE(o.ok()) << o.status.message();
  EXPECT_EQ(o.value.folds, 5);
  EXPECT_TRUE(o.value.shuffle);
  EXPECT_EQ(o.value.seed, 7u);
  EXPECT_EQ(o.value.scaling, bpl::KnnScaling::Standardize);
  const auto big = lj::knn_options(parse(R"({"seed": 18446744073709551615})"));   // 2^64 - 1
  EXPECT_FALSE(big.ok());   // read as a signed integer it is negative: refused, not wrapped
}

TEST(LabJson, KnnOptionsErrorsNameTheKey) {
  const struct {
    const char* text;
    const char* names;
  } cases[] = {
      {R"({"folds": "4"})", "folds"},           {R"({"folds": 4.5})", "folds"},
      {R"({"folds": 1})", "folds"},             {R"({"folds": 21})", "folds"},
      {R"({"shuffle": 1})", "shuffle"},         {R"({"seed": -1})", "seed"},
      {R"({"seed": "42"})", "seed"},            {R"({"scaling": "zscore"})", "scaling"},
      {R"({"scaling": 3})", "scaling"},         {R"({"k": 3})", "'k'"},
      {R"([4])", "object"},                     {R"("raw")", "object"},
  };
  for (const auto& c : cases) {
    const auto o = lj::knn_options(parse(c.text));
    ASSERT_FALSE(o.ok()) << c.text;
    EXPECT_NE(o.status.message().find(c.names), std::string::npos) << c.text << " -> " << o.status.message();
  }
}

TEST(LabJson, KnnResultHasEveryFieldAndRoundTripsItsOptions) {
  bpl::KnnCvResult r;
  r.k_max = 3;
  r.folds = {{0, 1, 2, 3}, {4, 5, 6}};
  r.correct = {{4, 3, 2}, {3, 3, 1}};
  r.fold_accuracy = {{1.0, 0.75, 0.5}, {1.0, 1.0, std::numeric_limits<double>::quiet_NaN()}};
  r.mean_accuracy = {1.0, 0.875, 0.5};
  bpl::KnnCvOptions o;
  o.folds = 2;
  o.shuffle = true;
  o.seed = 9;
  o.scaling = bpl::KnnScaling::Divide16;
  const json j = lj::knn_result(r, o);
  EXPECT_EQ(j["k"], json({1, 2, 3}));
  EXPECT_EQ(j["mean_accuracy"], json({1.0, 0.875, 0.5}));
  EXPECT_EQ(j["fold_correct"], json({{4, 3, 2}, {3, 3, 1}}));
  EXPECT_EQ(j["fold_sizes"], json({4, 3}));
  EXPECT_TRUE(j["fold_accuracy"][1][2].is_null());   // NaN is not JSON
  EXPECT_EQ(j["best_k"], 1);
  // The options it reports parse back to the same options.
  const auto back = lj::knn_options(j["options"]);
  ASSERT_TRUE(back.ok()) << back.status.message();
  EXPECT_EQ(back.value.folds, 2);
  EXPECT_TRUE(back.value.shuffle);
  EXPECT_EQ(back.value.seed, 9u);
  EXPECT_EQ(back.value.scaling, bpl::KnnScaling::Divide16);
  // Nothing invalid in the text (dump would throw on invalid UTF-8 by default).
  EXPECT_FALSE(j.dump().empty());
}

}  // namespace
