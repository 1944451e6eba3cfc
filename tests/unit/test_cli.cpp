// The CLI as a user runs it: exit codes, usage messages, the default training run.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
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
  for (const char* c : {"train", "eval", "knn-cv", "gradcheck", "bench", "fingerprint"}) {
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

// The bar: `train` with its defaults reaches >= 97% test accuracy; the model file
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
