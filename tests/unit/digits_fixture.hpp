// Test data shared by the unit tests: the shipped UCI digits (assets/digits.csv.gz) read once per
// process, as text and as a Dataset; the reference fixtures in tests/fixtures; the small recipes
// the tests train; an AppState loaded with the digits.
#pragma once
#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "app/app_state.hpp"
#include "data/dataset.hpp"
#include "train/trainer.hpp"

namespace bpl {

inline std::string digits_path() { return std::string(BPL_ASSETS_DIR) + "/digits.csv.gz"; }

// A small synthetic digits file (logic that needs data, not real digits): `rows` images.
inline std::string tiny_csv(int rows) {
  std::string s;
  for (int r = 0; r < rows; ++r) {
    for (int i = 0; i < 64; ++i) s += std::to_string((r * 7 + i * 3) % 17) + ",";
    s += std::to_string(r % 10) + "\n";
  }
  return s;
}

// The file's text (decompressed), as the browser hands it to AppState::load_data_csv.
inline const std::string& digits_csv() {
  static const Result<std::string> r = read_text_file(digits_path());
  EXPECT_TRUE(r.ok()) << r.message();
  return r.value;
}

// load_digits_file once per process; its error, if any, is kept for every test that asks.
inline const Result<std::shared_ptr<const Dataset>>& digits_load() {
  static const Result<std::shared_ptr<const Dataset>> r = []() -> Result<std::shared_ptr<const Dataset>> {
    Result<Dataset> d = load_digits_file(digits_path());
    if (!d.ok()) return d.status;
    return std::make_shared<const Dataset>(std::move(d.value));
  }();
  return r;
}

// ASSERT_TRUE(digits_loaded()) stops a test that cannot go on without the digits.
inline ::testing::AssertionResult digits_loaded() {
  const Result<std::shared_ptr<const Dataset>>& r = digits_load();
  if (r.ok()) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << r.message();
}

// The 1797 digits, shared (one copy per process); empty, with a test failure, if they cannot load.
inline std::shared_ptr<const Dataset> shared_digits() {
  static const std::shared_ptr<const Dataset> empty = std::make_shared<const Dataset>();
  EXPECT_TRUE(digits_loaded());
  const Result<std::shared_ptr<const Dataset>>& r = digits_load();
  return r.ok() ? r.value : empty;
}

inline const Dataset& digits() { return *shared_digits(); }

// tests/fixtures/<name> parsed without exceptions (discarded if missing or malformed).
inline nlohmann::json fixture_json(const std::string& name) {
  const std::string path = std::string(BPL_FIXTURES_DIR) + "/" + name;
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << "missing " << path << " (the scripts/gen_*_fixture.py scripts write it)";
  std::stringstream ss;
  ss << in.rdbuf();
  return nlohmann::json::parse(ss.str(), nullptr, /*allow_exceptions=*/false);
}

// The default recipe with the given hidden layers and no augmentation (quick to train);
// max_iterations > 0 caps the run, 0 keeps the default cap.
inline TrainConfig plain_config(std::vector<int> hidden, int max_iterations = 0) {
  TrainConfig c;
  c.arch.hidden = std::move(hidden);
  c.augment = false;
  if (max_iterations > 0) c.max_iterations = max_iterations;
  return c;
}

// An app with the digits loaded and a small main network (64-10-10); max_iterations > 0 also
// caps its training.
// Same shape and the same bits (not merely equal values): what determinism tests compare.
inline bool bit_equal(const MatD& a, const MatD& b) {
  return a.rows() == b.rows() && a.cols() == b.cols() &&
         std::memcmp(a.data(), b.data(), sizeof(double) * static_cast<std::size_t>(a.size())) == 0;
}

inline void load_small_app(AppState& app, int max_iterations = 0) {
  ASSERT_TRUE(app.load_data_csv(digits_csv()).ok());
  TrainConfig c = app.config();
  c.arch.hidden = {10};
  if (max_iterations > 0) c.max_iterations = max_iterations;
  ASSERT_TRUE(app.set_config(c).ok());
}

}  // namespace bpl
