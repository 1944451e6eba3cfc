// The CLI as a user runs it: exit codes, usage messages, the default training run.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <regex>
#include <string>

namespace {

struct CliRun {
  int code;
  std::string out;
};

CliRun run_cli(const std::string& args) {
  const std::string cmd = std::string(BPL_CLI_PATH) + " " + args + " 2>&1";
  CliRun r{-1, ""};
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return r;
  char buf[4096];
  while (fgets(buf, sizeof buf, p)) r.out += buf;
  const int status = pclose(p);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

}  // namespace

TEST(Cli, EverySubcommandHasHelp) {
  for (const char* c : {"train", "eval", "knn-cv", "gradcheck", "bench", "fingerprint", "read"}) {
    CliRun r = run_cli(std::string(c) + " --help");
    EXPECT_EQ(r.code, 0) << c;
    EXPECT_NE(r.out.find("usage: backprop-lab " + std::string(c)), std::string::npos) << r.out;
  }
}

TEST(Cli, BadFlagsGiveUsageAndExitCode2) {
  const char* bad[] = {"", "frobnicate", "train --no-such-flag", "train --hidden", "train --hidden 0",
                       "train --hidden 5000", "train --optimizer newton", "train --learning-rate nan",
                       "train --lambda -1", "knn-cv --folds 1", "bench --only W9", "eval"};
  for (const char* b : bad) {
    CliRun r = run_cli(b);
    EXPECT_EQ(r.code, 2) << "'" << b << "' printed: " << r.out;
    EXPECT_NE(r.out.find("usage"), std::string::npos) << "'" << b << "' printed: " << r.out;
  }
}

// The issue's bar: `train` with its defaults reaches >= 97% test accuracy; the model file
// it writes evaluates to the same figure.
TEST(Cli, DefaultTrainingReaches97PercentAndEvalAgrees) {
  const std::string model = ::testing::TempDir() + "bpl_cli_model.json";
  CliRun r = run_cli("train --quiet --out " + model);
  ASSERT_EQ(r.code, 0) << r.out;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(r.out, m, std::regex("test ([0-9.]+)%"))) << r.out;
  const double test_acc = std::stod(m[1]);
  EXPECT_GE(test_acc, 97.0) << r.out;
  CliRun e = run_cli("eval --model " + model);
  ASSERT_EQ(e.code, 0) << e.out;
  std::smatch m2;
  ASSERT_TRUE(std::regex_search(e.out, m2, std::regex("test +loss [0-9.]+ +accuracy ([0-9.]+)%"))) << e.out;
  EXPECT_DOUBLE_EQ(std::stod(m2[1]), test_acc);
}

// The sketch pipeline's shape normalization (src/data/sketch.hpp: the ink box fills 20 x 32,
// like the NIST normalization of the UCI bitmaps) was chosen on the VALIDATION strokes: the
// default network reads clearly more of them than with the aspect ratio kept (frame 32,
// stretch 1), which is what the pipeline did before.
int read_right(const std::string& out) {
  std::smatch m;
  if (!std::regex_search(out, m, std::regex("read right: ([0-9]+)/([0-9]+)"))) return -1;
  return std::stoi(m[1]);
}

TEST(Cli, ReadScoresTheValidationStrokesBetterThanUniformScaling) {
  // Three seeds (weights, shuffling and distortions): one seed's figure moves by a few digits
  // between builds (float sums in another order), the sum over three much less.
  const std::string strokes = std::string(BPL_FIXTURES_DIR) + "/strokes_validation.json";
  int normalized = 0, uniform = 0;
  for (int seed = 1; seed <= 3; ++seed) {
    const std::string seeds = " --seed " + std::to_string(seed) + " --augmentation '{\"seed\":" + std::to_string(seed) + "}'";
    CliRun n = run_cli("read --strokes " + strokes + seeds);
    ASSERT_EQ(n.code, 0) << n.out;
    CliRun u = run_cli("read --strokes " + strokes + seeds + " --frame-width 32 --max-stretch 1");
    ASSERT_EQ(u.code, 0) << u.out;
    ASSERT_GT(read_right(n.out), 0) << n.out;
    ASSERT_GT(read_right(u.out), 0) << u.out;
    normalized += read_right(n.out);
    uniform += read_right(u.out);
    if (seed == 1) {
      EXPECT_NE(n.out.find("(reader)"), std::string::npos) << "not the app's default network: " << n.out;
      // Every misread is listed with what it was read as.
      const std::regex misread("misread #");
      const std::ptrdiff_t listed = std::distance(std::sregex_iterator(n.out.begin(), n.out.end(), misread),
                                                  std::sregex_iterator());
      EXPECT_EQ(listed, 132 - read_right(n.out));
    }
  }
  EXPECT_GE(normalized, 0.85 * 3 * 132) << "normalized " << normalized << " of 396";
  EXPECT_GE(normalized, uniform + 12) << "normalized " << normalized << " vs uniform " << uniform << " of 396";
}

TEST(Cli, DrawnStyleDigitsRaiseTheValidationStrokesScore) {
  // The reader preset fits 260 drawn-style digits (data/drawn.hpp) besides the UCI images; the
  // same preset without them reads the validation strokes clearly worse (measured: 390 vs 354
  // of 396 over these seeds).
  // Since the preset also fits real pen digits (data/pen.hpp), which teach much of the same
  // (391 vs 380 of 396 without the drawn digits), the drawn digits' own gain is measured without
  // the pen digits.
  const std::string strokes = std::string(BPL_FIXTURES_DIR) + "/strokes_validation.json";
  int with = 0, with_no_pen = 0, without = 0;
  for (int seed = 1; seed <= 3; ++seed) {
    const std::string s = std::to_string(seed);
    CliRun w = run_cli("read --strokes " + strokes + " --seed " + s + " --augmentation '{\"seed\":" + s + "}'");
    ASSERT_EQ(w.code, 0) << w.out;
    CliRun n = run_cli("read --strokes " + strokes + " --seed " + s + " --augmentation '{\"seed\":" + s + ",\"pen\":0}'");
    ASSERT_EQ(n.code, 0) << n.out;
    CliRun o = run_cli("read --strokes " + strokes + " --seed " + s + " --augmentation '{\"seed\":" + s +
                       ",\"drawn\":0,\"pen\":0}'");
    ASSERT_EQ(o.code, 0) << o.out;
    ASSERT_GT(read_right(w.out), 0) << w.out;
    ASSERT_GT(read_right(n.out), 0) << n.out;
    ASSERT_GT(read_right(o.out), 0) << o.out;
    with += read_right(w.out);
    with_no_pen += read_right(n.out);
    without += read_right(o.out);
  }
  EXPECT_GE(with, 0.95 * 3 * 132) << "with drawn digits " << with << " of 396";
  EXPECT_GE(with_no_pen, without + 20) << "with " << with_no_pen << " vs without " << without << " of 396 (no pen digits)";
}

TEST(Cli, ReadRejectsBadStrokeFilesWithMessage) {
  const std::string dir = ::testing::TempDir();
  const std::pair<const char*, const char*> bad[] = {
      {"not json", "not valid JSON"},
      {"{\"digits\": 3}", "\"digits\" array"},
      {"{\"digits\": []}", "is empty"},
      {"{\"digits\": [{\"label\": 12, \"strokes\": [[[0.1, 0.2]]]}]}", "label"},
      {"{\"digits\": [{\"label\": 1, \"strokes\": []}]}", "non-empty array"},
      {"{\"digits\": [{\"label\": 1, \"strokes\": [[[0.1]]]}]}", "[x, y]"},
      {"{\"digits\": [{\"label\": 1, \"strokes\": [[]]}]}", "no points"},
      {"{\"digits\": [{\"label\": 1, \"strokes\": [[[0.1, 1e999]]]}]}", "not valid JSON"},
  };
  int i = 0;
  for (const auto& [text, why] : bad) {
    const std::string path = dir + "bpl_bad_strokes_" + std::to_string(i++) + ".json";
    std::ofstream(path) << text;
    CliRun r = run_cli("read --strokes " + path + " --max-iterations 1");
    EXPECT_EQ(r.code, 1) << text << "\n" << r.out;
    EXPECT_NE(r.out.find(why), std::string::npos) << text << "\n" << r.out;
  }
  CliRun missing = run_cli("read --strokes /no/such/file.json");
  EXPECT_EQ(missing.code, 1) << missing.out;
  CliRun usage = run_cli("read");
  EXPECT_EQ(usage.code, 2) << usage.out;
  EXPECT_NE(usage.out.find("--strokes PATH is required"), std::string::npos) << usage.out;
  CliRun params = run_cli("read --strokes x.json --max-stretch 0.5");
  EXPECT_EQ(params.code, 2) << params.out;
  EXPECT_NE(params.out.find("max_stretch"), std::string::npos) << params.out;
}

TEST(Cli, EvalRejectsBadModelFileWithMessage) {
  const std::string path = ::testing::TempDir() + "bpl_bad_model.json";
  std::ofstream(path) << "{\"format\": \"something else\"}";
  CliRun r = run_cli("eval --model " + path);
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.out.find("format"), std::string::npos) << r.out;
}

TEST(Cli, GradcheckPassesForDefaultAndRelu) {
  CliRun r = run_cli("gradcheck --samples 10");
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("PASS"), std::string::npos) << r.out;
  CliRun r2 = run_cli("gradcheck --samples 10 --hidden 16,12 --activation relu --output softmax --lambda 0.5");
  EXPECT_EQ(r2.code, 0) << r2.out;
}

TEST(Cli, KnnCvPrintsFifteenRows) {
  CliRun r = run_cli("knn-cv");
  ASSERT_EQ(r.code, 0) << r.out;
  std::regex rowre("\\n +([0-9]+) +0\\.[0-9]{4}");
  int rows = 0;
  for (std::sregex_iterator it(r.out.begin(), r.out.end(), rowre), end; it != end; ++it) ++rows;
  EXPECT_EQ(rows, 15) << r.out;
}
