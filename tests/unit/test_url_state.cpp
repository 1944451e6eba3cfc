// The share-link fragment: an exact round trip (64-bit seeds included) and tampered links that
// fall back part by part, each bad part named in a notice.
#include <gtest/gtest.h>

#include <string>

#include "app/url_state.hpp"
#include "train/config_json.hpp"

namespace bpl {
namespace {

TrainConfig custom_config() {
  TrainConfig c;
  c.arch.hidden = {48, 16};
  c.arch.activation = Activation::Relu;
  c.arch.output = OutputKind::SoftmaxCE;
  c.lambda = 0.03125;
  c.optim = OptimizerConfig::for_kind(OptimizerKind::Adam);
  c.optim.learning_rate = 0.0012345678901234567;
  c.optim.batch_size = 48;
  c.optim.shuffle_seed = 18446744073709551615ull;   // 2^64 - 1: no double holds it
  c.init_seed = 9007199254740993ull;                // 2^53 + 1: the first integer a double loses
  c.split.seed = 12345678901234567890ull;
  c.scaling = Scaling::Standardize;
  c.augment = false;
  c.max_iterations = 77;
  c.early_stopping = true;
  c.patience = 5;
  return c;
}

bool same(const TrainConfig& a, const TrainConfig& b) { return config_to_json(a) == config_to_json(b); }

bool has_notice(const UrlState& st, const std::string& word) {
  for (const std::string& n : st.notices)
    if (n.find(word) != std::string::npos) return true;
  return false;
}

TEST(UrlState, RoundTripIsExact) {
  const TrainConfig c = custom_config();
  const std::string frag = encode_url_state(c, {"network", "backprop"}, 123);
  const UrlState st = decode_url_state("#" + frag, TrainConfig{});
  EXPECT_TRUE(st.notices.empty()) << st.notices.front();
  EXPECT_TRUE(st.has_config);
  EXPECT_TRUE(same(st.config, c)) << config_to_json(st.config).dump();
  EXPECT_EQ(st.config.optim.shuffle_seed, 18446744073709551615ull);
  EXPECT_EQ(st.config.init_seed, 9007199254740993ull);
  EXPECT_EQ(st.config.split.seed, 12345678901234567890ull);
  ASSERT_TRUE(st.panels.has_value());
  EXPECT_EQ(*st.panels, (std::vector<std::string>{"network", "backprop"}));
  ASSERT_TRUE(st.example.has_value());
  EXPECT_EQ(*st.example, 123);
}

TEST(UrlState, NoHiddenLayerAndNoPanelsRoundTrip) {
  TrainConfig c;
  c.arch.hidden = {};
  const UrlState st = decode_url_state(encode_url_state(c, {}, -1), TrainConfig{});
  EXPECT_TRUE(st.notices.empty());
  EXPECT_TRUE(st.config.arch.hidden.empty());
  ASSERT_TRUE(st.panels.has_value());
  EXPECT_TRUE(st.panels->empty());
  EXPECT_FALSE(st.example.has_value());
}

TEST(UrlState, EmptyFragmentChangesNothing) {
  const TrainConfig base = custom_config();
  for (const char* f : {"", "#"}) {
    const UrlState st = decode_url_state(f, base);
    EXPECT_TRUE(st.notices.empty());
    EXPECT_FALSE(st.has_config);
    EXPECT_TRUE(same(st.config, base));
    EXPECT_FALSE(st.panels.has_value());
  }
}

// Each tampered part is left out and named; the good parts next to it still apply.
TEST(UrlState, TamperedPartsFallBackOneByOne) {
  struct Case {
    const char* part;
    const char* named;
  } cases[] = {
      {"seed=12abc", "seed"},                        // not a number
      {"seed=18446744073709551616", "seed"},         // 2^64: out of range
      {"seed=-1", "seed"},                           // negative
      {"hidden=abc", "hidden"},                      // not a list of integers
      {"hidden=5000", "hidden"},                     // too many units
      {"hidden=1,2,3,4,5,6,7,8,9", "hidden"},        // too many layers
      {"activation=banana", "activation"},           // unknown name
      {"lambda=-1", "lambda"},                       // out of range
      {"lambda=nan", "lambda"},                      // not a finite number
      {"learning_rate=1e999", "learning_rate"},      // overflows to infinity
      {"bogus=1", "bogus"},                          // unknown key
      {"justtext", "justtext"},                      // no '='
      {"lambda=%zz", "%"},                           // malformed escape
      {"example=-3", "example"},                     // not an index
      {"example=abc", "example"},
      {"v=99", "version"},                           // another format version
  };
  for (const Case& c : cases) {
    const std::string frag = std::string("max_iterations=42&") + c.part + "&patience=7&panels=data";
    const UrlState st = decode_url_state(frag, TrainConfig{});
    EXPECT_TRUE(has_notice(st, c.named)) << c.part << ": no notice naming " << c.named;
    EXPECT_EQ(st.config.max_iterations, 42) << c.part;   // the good keys still apply
    EXPECT_EQ(st.config.patience, 7) << c.part;
    ASSERT_TRUE(st.panels.has_value()) << c.part;
    EXPECT_EQ(st.panels->front(), "data");
    EXPECT_TRUE(st.config.validate().ok());
  }
}

TEST(UrlState, InvalidCombinationFallsBackToTheBase) {
  // Each fraction is fine alone (with the default 0.6 / 0.2); together they add up to 1.05.
  const UrlState st = decode_url_state("train_fraction=0.75&validation_fraction=0.3", TrainConfig{});
  EXPECT_TRUE(has_notice(st, "ignored"));
  EXPECT_FALSE(st.has_config);
  EXPECT_TRUE(same(st.config, TrainConfig{}));
}

TEST(UrlState, OverlongAndBinaryFragmentsAreNoticedNotRead) {
  const UrlState big = decode_url_state(std::string(kMaxUrlStateLength + 1, 'a'), TrainConfig{});
  EXPECT_TRUE(has_notice(big, "too long"));
  EXPECT_FALSE(big.has_config);
  const std::string binary("\x01\xff=\x80&\0=\x7f", 8);
  const UrlState bin = decode_url_state(binary, TrainConfig{});
  EXPECT_FALSE(bin.notices.empty());
  EXPECT_TRUE(bin.config.validate().ok());
}

TEST(UrlState, PercentCodingRoundTrips) {
  const std::string s = "a b&c=d%e/\xc3\xa9,f";
  std::string back;
  ASSERT_TRUE(percent_decode(percent_encode(s), &back));
  EXPECT_EQ(back, s);
  EXPECT_FALSE(percent_decode("%4", &back));
  EXPECT_FALSE(percent_decode("%g0", &back));
}

}  // namespace
}  // namespace bpl
