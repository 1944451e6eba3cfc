// `backprop-lab bench`: the W1-W4 workloads (src/train/benchmarks.hpp), printed as JSON.
// Nothing here asserts a speed: speed targets are read from these figures, not tested.
#include <cstdio>
#include <string>

#include "cli/commands.hpp"
#include "train/benchmarks.hpp"

namespace bpl::cli {

int cmd_bench(int argc, char** argv) {
  const Command cmd{"bench",
                    "Runs the benchmark workloads W1-W4 (see README) and prints one JSON object with the figures.",
                    {{"only", "LIST", "comma-separated subset, e.g. W1,W3 (default: all)"},
                     {"epochs", "N", "W2 epochs (default 50)"},
                     {"repeats", "N", "repetitions for W1 and W4, median reported (default 5)"},
                     {"data", "PATH", "digits CSV; default: the shipped assets"},
                     {"help", "", "show this help"}}};
  for (int i = 2; i < argc; ++i)
    if (std::string(argv[i]) == "--help") return print_help(cmd), 0;
  Result<Args> a = Args::parse(cmd, argc, argv, 2);
  if (!a.ok()) return usage_error(cmd, a.message());
  long long epochs = 50, repeats = 5;
  if (a.value.has("epochs")) {
    Status s = parse_int("epochs", a.value.get("epochs"), 1, 100000, &epochs);
    if (!s.ok()) return usage_error(cmd, s.message());
  }
  if (a.value.has("repeats")) {
    Status s = parse_int("repeats", a.value.get("repeats"), 1, 1000, &repeats);
    if (!s.ok()) return usage_error(cmd, s.message());
  }
  bool want[5] = {false, false, false, false, false};
  const std::string only = a.value.get("only", "W1,W2,W3,W4");
  for (std::size_t pos = 0; pos <= only.size();) {
    std::size_t c = only.find(',', pos);
    if (c == std::string::npos) c = only.size();
    const std::string w = only.substr(pos, c - pos);
    if (w.size() != 2 || w[0] != 'W' || w[1] < '1' || w[1] > '4')
      return usage_error(cmd, "unknown workload '" + w + "' (W1, W2, W3, W4)");
    want[w[1] - '0'] = true;
    pos = c + 1;
  }
  Result<Dataset> data = load_data(a.value);
  if (!data.ok()) return std::fprintf(stderr, "backprop-lab bench: %s\n", data.message().c_str()), 1;
  const Dataset& d = data.value;
#ifdef __EMSCRIPTEN__
  std::printf("{\n  \"platform\": \"wasm\"");
#else
  std::printf("{\n  \"platform\": \"native\"");
#endif
  if (want[1]) {
    const W1Result r = bench_w1(d, static_cast<int>(repeats));
    std::printf(",\n  \"W1\": {\"workload\": \"64-25-10 sigmoid/BCE lambda=1, CG x100\", \"fg_evaluations\": %lld, "
                "\"final_cost\": %.6f, \"train_accuracy\": %.4f, \"validation_accuracy\": %.4f, "
                "\"test_accuracy\": %.4f, \"total_ms\": %.2f, \"total_ms_min\": %.2f, \"repeats\": %lld}",
                r.evaluations, r.final_cost, r.train_accuracy, r.validation_accuracy, r.test_accuracy, r.median_ms,
                r.min_ms, repeats);
  }
  Network<float> w2net;
  if (want[2] || want[3]) {
    const W2Result r = bench_w2(d, static_cast<int>(epochs), &w2net);
    if (want[2])
      std::printf(",\n  \"W2\": {\"workload\": \"64-64-10 relu/softmax, Adam lr=1e-3, batch 32\", \"epochs\": %d, "
                  "\"median_ms_per_epoch\": %.4f, \"total_ms\": %.2f, \"test_accuracy\": %.4f, \"gflops\": %.2f}",
                  r.epochs, r.median_ms_per_epoch, r.total_ms, r.test_accuracy, r.gflops);
  }
  if (want[3]) {
    const W3Result r = bench_w3(d, w2net);
    std::printf(",\n  \"W3\": {\"workload\": \"classify one input with the W2 network\", \"median_us\": %.3f, "
                "\"checksum\": %d}",
                r.median_us, r.checksum);
  }
  if (want[4]) {
    const W4Result r = bench_w4(d, static_cast<int>(repeats));
    std::printf(",\n  \"W4\": {\"workload\": \"kNN 4-fold CV, k=1..15, 1797 raw\", \"total_ms\": %.2f, "
                "\"best_mean_accuracy\": %.4f, \"repeats\": %lld}",
                r.median_ms, r.best_mean_accuracy, repeats);
  }
  std::printf("\n}\n");
  return 0;
}

}  // namespace bpl::cli
