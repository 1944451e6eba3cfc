// Loader, split and scaling.
#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <string>

#include "core/rng.hpp"
#include "data/dataset.hpp"
#include "digits_fixture.hpp"

using namespace bpl;

namespace {

std::string row(int fill, int label) {
  std::string s;
  for (int i = 0; i < 64; ++i) s += std::to_string(fill) + ",";
  return s + std::to_string(label) + "\n";
}

}  // namespace

TEST(Dataset, ShippedDigitsLoad) {
  const Dataset& d = digits();
  ASSERT_EQ(d.size(), 1797);
  EXPECT_EQ(d.X.rows(), 64);
  EXPECT_EQ(d.X.minCoeff(), 0.0);
  EXPECT_EQ(d.X.maxCoeff(), 16.0);
  std::vector<int> per_class(10, 0);
  for (int y : d.y) ++per_class[static_cast<std::size_t>(y)];
  for (int c : per_class) EXPECT_GE(c, 170);  // 174..183 per class in the UCI test set
  // First image of the file: "0,0,5,13,9,1,0,0,..." label 0.
  EXPECT_EQ(d.X(2, 0), 5.0);
  EXPECT_EQ(d.X(3, 0), 13.0);
  EXPECT_EQ(d.y[0], 0);
}

TEST(Dataset, ParsesGoodTextWithCrlfAndBlankLines) {
  Result<Dataset> r = parse_digits_csv(row(3, 7) + "\r\n" + row(16, 0));
  ASSERT_TRUE(r.ok()) << r.message();
  EXPECT_EQ(r.value.size(), 2);
  EXPECT_EQ(r.value.y[0], 7);
  EXPECT_EQ(r.value.X(63, 1), 16.0);
}

struct BadCase {
  std::string text;
  std::string expect;  // substring of the message
};

TEST(Dataset, MalformedInputNamesLineAndReason) {
  std::string too_few;
  for (int i = 0; i < 63; ++i) too_few += "1,";
  too_few += "5\n";
  const BadCase cases[] = {
      {row(1, 1) + too_few, "line 2: expected 65 columns"},
      {row(1, 1) + row(1, 1) + "x" + row(1, 1).substr(1), "line 3: column 1 is not an integer"},
      {row(17, 1), "line 1: pixel 1 = 17 is outside 0..16"},
      {row(-1, 1), "outside 0..16"},
      {row(1, 10), "line 1: label 10 is outside 0..9"},
      {row(1, 1) + row(1, 1) + "1,2\n", "line 3: expected 65 columns (64 pixels + label), found 2"},
      {row(1, 1).substr(0, 10) + "2.5" + row(1, 1).substr(11), "not an integer"},
      {"", "no data"},
      {"\n\n", "no data"},
  };
  for (const BadCase& c : cases) {
    Result<Dataset> r = parse_digits_csv(c.text);
    EXPECT_FALSE(r.ok());
    EXPECT_NE(r.message().find(c.expect), std::string::npos) << "message: " << r.message() << "\nexpected: " << c.expect;
  }
}

TEST(Dataset, MissingFileIsAnError) {
  Result<Dataset> r = load_digits_file("/nonexistent/digits.csv");
  EXPECT_FALSE(r.ok());
  EXPECT_NE(r.message().find("cannot open"), std::string::npos);
}

TEST(Split, DefaultSizesDisjointAndCovering) {
  Result<Split> s = make_split(1797, SplitConfig());
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s.value.train.size(), 1078u);       // round(1797 * 0.6)
  EXPECT_EQ(s.value.validation.size(), 359u);   // round(1797 * 0.2)
  EXPECT_EQ(s.value.test.size(), 360u);
  std::set<int> all(s.value.train.begin(), s.value.train.end());
  all.insert(s.value.validation.begin(), s.value.validation.end());
  all.insert(s.value.test.begin(), s.value.test.end());
  EXPECT_EQ(all.size(), 1797u);
  EXPECT_EQ(*all.begin(), 0);
  EXPECT_EQ(*all.rbegin(), 1796);
}

TEST(Split, SeedDeterminesOrder) {
  SplitConfig a, b;
  b.seed = 43;
  EXPECT_EQ(make_split(500, a).value.train, make_split(500, a).value.train);
  EXPECT_NE(make_split(500, a).value.train, make_split(500, b).value.train);
}

TEST(Split, RejectsBadFractions) {
  SplitConfig c;
  c.train = 0.9;
  c.validation = 0.2;
  EXPECT_FALSE(make_split(100, c).ok());
  c.train = 0;
  EXPECT_FALSE(make_split(100, c).ok());
  c.train = std::nan("");
  EXPECT_FALSE(make_split(100, c).ok());
}

TEST(Rng, SplitMix64ReferenceValues) {
  // Reference outputs of SplitMix64 seeded with 0 (Vigna's splitmix64.c).
  Rng r(0);
  EXPECT_EQ(r.next_u64(), 0xE220A8397B1DCDAFull);
  EXPECT_EQ(r.next_u64(), 0x6E789E6AA1B965F4ull);
  EXPECT_EQ(r.next_u64(), 0x06C45D188009454Full);
}

TEST(Rng, BelowIsInRangeAndRoughlyUniform) {
  Rng r(7);
  std::vector<int> hist(6, 0);
  for (int i = 0; i < 60000; ++i) ++hist[static_cast<std::size_t>(r.below(6))];
  for (int h : hist) EXPECT_NEAR(h, 10000, 500);
  for (int i = 0; i < 1000; ++i) {
    const double u = r.uniform01();
    EXPECT_GE(u, 0.0);
    EXPECT_LT(u, 1.0);
  }
}

TEST(Scaler, StandardizeFitsOnTrainingOnly) {
  const Dataset& d = digits();
  Split s = make_split(d.size(), SplitConfig()).value;
  const MatD Xtr = gather_columns(d.X, s.train);
  const Scaler sc = Scaler::fit_standardize(Xtr);
  const MatD Z = sc.apply<double>(Xtr);
  for (Index i = 0; i < 64; ++i) {
    EXPECT_NEAR(Z.row(i).mean(), 0.0, 1e-9);
    if (sc.scale[i] != 1.0) {
      EXPECT_NEAR(std::sqrt(Z.row(i).array().square().mean()), 1.0, 1e-9);
    }
  }
  // The test split is NOT standardized exactly (it used the training statistics).
  const MatD Zte = sc.apply<double>(gather_columns(d.X, s.test));
  double worst = 0;
  for (Index i = 0; i < 64; ++i) worst = std::max(worst, std::abs(Zte.row(i).mean()));
  EXPECT_GT(worst, 1e-3);
  // Pixel 0 is always 0 in the digits: its scale falls back to 1, no division by zero.
  EXPECT_EQ(sc.scale[0], 1.0);
  EXPECT_TRUE(Z.allFinite());
}

TEST(Scaler, Divide16) {
  MatD x = MatD::Constant(64, 1, 8.0);
  EXPECT_TRUE(Scaler::divide16().apply<double>(x).isApproxToConstant(0.5));
}

// ---- the compact form (assets/digits.txt.gz, the site's download)

TEST(DigitsText, ShippedAssetHoldsTheSameImagesAsTheCsv) {
  // Fails when one asset changes without the other (regenerate: README, "Assets").
  Result<Dataset> compact = load_digits_file(std::string(BPL_ASSETS_DIR) + "/digits.txt.gz");
  ASSERT_TRUE(compact.ok()) << compact.message();
  const Dataset& csv = digits();
  ASSERT_EQ(compact.value.size(), csv.size());
  EXPECT_EQ(compact.value.y, csv.y);
  EXPECT_TRUE(compact.value.X == csv.X);
}

TEST(DigitsText, EncodeThenParseGivesTheSameDataset) {
  const Dataset& d = digits();
  const std::string text = encode_digits_text(d, {"a comment", ""});
  EXPECT_EQ(text.rfind("# a comment\n#", 0), 0u);
  Result<Dataset> back = parse_digits(text);   // dispatches to the compact form
  ASSERT_TRUE(back.ok()) << back.message();
  EXPECT_EQ(back.value.y, d.y);
  EXPECT_TRUE(back.value.X == d.X);
  // One line per pixel, a letter per image: the first image's pixels 2 and 3 are 5 and 13.
  Result<Dataset> first = parse_digits_text(encode_digits_text(Dataset{d.X.leftCols(1), {d.y[0]}}, {}));
  ASSERT_TRUE(first.ok()) << first.message();
  EXPECT_EQ(first.value.X(2, 0), 5.0);
  EXPECT_EQ(first.value.X(3, 0), 13.0);
}

TEST(DigitsText, ParseDigitsStillReadsCsv) {
  Result<Dataset> r = parse_digits(row(3, 7) + row(16, 0));
  ASSERT_TRUE(r.ok()) << r.message();
  EXPECT_EQ(r.value.size(), 2);
  EXPECT_EQ(r.value.y[1], 0);
  EXPECT_EQ(r.value.X(5, 1), 16.0);
}

TEST(DigitsText, BadInputNamesTheLineAndReason) {
  std::string good;
  for (int p = 0; p < 64; ++p) good += std::string(3, static_cast<char>('a' + p % 17)) + "\n";
  ASSERT_TRUE(parse_digits_text(good + "071\n").ok());
  const auto message = [](const std::string& text) {
    Result<Dataset> r = parse_digits_text(text);
    return r.ok() ? std::string("accepted") : r.message();
  };
  EXPECT_EQ(message(""), "no data: the file has no rows");
  EXPECT_EQ(message("# only a comment\n"), "no data: the file has no rows");
  EXPECT_NE(message(good).find("expected 65 lines"), std::string::npos) << message(good);
  EXPECT_NE(message(good + "071\nabc\n").find("found 66"), std::string::npos);
  EXPECT_NE(message(good + "07\n").find("line 65: 2 images, the first line has 3"), std::string::npos) << message(good + "07\n");
  EXPECT_NE(message(good + "0x1\n").find("line 65: image 2: 'x' is not a label 0..9"), std::string::npos);
  std::string bad_pixel = good;
  bad_pixel[1] = 'r';   // 17: outside 0..16
  EXPECT_NE(message(bad_pixel + "071\n").find("line 1: image 2: 'r' is not a pixel a..q"), std::string::npos)
      << message(bad_pixel + "071\n");
  // Comments and CRLF line ends are allowed, and line numbers count them.
  Result<Dataset> crlf = parse_digits_text("# c\r\n" + std::regex_replace(good, std::regex("\n"), "\r\n") + "071\r\n");
  ASSERT_TRUE(crlf.ok()) << crlf.message();
  EXPECT_EQ(crlf.value.y, (std::vector<int>{0, 7, 1}));
  EXPECT_NE(message("# c\n" + bad_pixel + "071\n").find("line 2:"), std::string::npos);
}
