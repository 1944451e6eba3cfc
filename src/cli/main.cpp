// backprop-lab: the engine on the command line (never links ImGui).
#include <cstdio>
#include <cstring>

#include "cli/commands.hpp"

namespace {

struct Entry {
  const char* name;
  int (*run)(int, char**);
  const char* summary;
};

const Entry kCommands[] = {
    {"train", bpl::cli::cmd_train, "train a network on the digits, print progress, save a model file"},
    {"eval", bpl::cli::cmd_eval, "evaluate a saved model file (accuracy per split, confusion matrix)"},
    {"knn-cv", bpl::cli::cmd_knn_cv, "k-nearest-neighbours cross-validation for k = 1..15"},
    {"gradcheck", bpl::cli::cmd_gradcheck, "compare backprop with central differences (double precision)"},
    {"bench", bpl::cli::cmd_bench, "run the W1-W4 benchmarks, print JSON"},
    {"read", bpl::cli::cmd_read, "read drawn digits (a strokes JSON) the way the Sketch pad does; score and misreads"},
    {"pen-asset", bpl::cli::cmd_pen_asset, "render real pen digits (a strokes JSON) into the pen-digits text the default network trains with"},
    {"digits-asset", bpl::cli::cmd_digits_asset, "print the digits in the site's compact form (assets/digits.txt.gz)"},
    {"fingerprint", bpl::cli::cmd_fingerprint, "print hashes of the split and the initial weights (native vs wasm check)"},
};

void usage(std::FILE* out) {
  std::fprintf(out, "usage: backprop-lab <command> [flags]   (backprop-lab <command> --help)\n\ncommands:\n");
  for (const Entry& e : kCommands) std::fprintf(out, "  %-12s %s\n", e.name, e.summary);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    usage(stderr);
    return 2;
  }
  if (!std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h") || !std::strcmp(argv[1], "help")) {
    usage(stdout);
    return 0;
  }
  for (const Entry& e : kCommands)
    if (!std::strcmp(argv[1], e.name)) return e.run(argc, argv);
  std::fprintf(stderr, "backprop-lab: unknown command '%s'\n", argv[1]);
  usage(stderr);
  return 2;
}
