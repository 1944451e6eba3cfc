// `backprop-lab bench`: the W1-W4 workloads the team compares with other libraries.
// Figures are printed as JSON; nothing here asserts a speed (speed targets are not tests).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "knn/knn.hpp"
#include "nn/metrics.hpp"
#include "nn/network.hpp"
#include "optim/optimizer.hpp"
#include "train/objective_net.hpp"
#include "train/trainer.hpp"

namespace bpl::cli {

namespace {

double now_ms() {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

// The 60/20/20 split of the digits, scaled /16, as float matrices.
struct Prepared {
  MatF Xtr, Xva, Xte, Ytr;
  std::vector<int> ytr, yva, yte;
};

Prepared prepare(const Dataset& d) {
  Split sp = make_split(d.size(), SplitConfig()).value;
  const Scaler sc = Scaler::divide16();
  Prepared p;
  p.Xtr = sc.apply<float>(gather_columns(d.X, sp.train));
  p.Xva = sc.apply<float>(gather_columns(d.X, sp.validation));
  p.Xte = sc.apply<float>(gather_columns(d.X, sp.test));
  p.ytr = gather(d.y, sp.train);
  p.yva = gather(d.y, sp.validation);
  p.yte = gather(d.y, sp.test);
  p.Ytr = one_hot<float>(p.ytr, kClasses);
  return p;
}

double acc(Network<float>& net, const MatF& X, const std::vector<int>& y) { return accuracy(net.predict(X), y); }

// W1: 64-25-10 sigmoid, sigmoid outputs + BCE, lambda = 1, conjugate gradient 100 iterations.
std::string w1(const Prepared& p, int repeats) {
  Architecture A;  // defaults: 64-25-10 sigmoid, SigmoidBCE
  std::vector<double> times;
  Network<float> net;
  long long evals = 0;
  double cost = 0;
  for (int r = 0; r < repeats; ++r) {
    net.configure(A, 1);
    OptimizerConfig oc;
    oc.kind = OptimizerKind::CG;
    std::unique_ptr<Optimizer<float>> opt = make_optimizer<float>(oc);
    NetworkObjective<float> f(A, p.Xtr, p.Ytr, 1.0f);
    const double t0 = now_ms();
    StepInfo info;
    for (int it = 0; it < 100; ++it) {
      info = opt->step(f, net.theta());
      if (info.converged) break;
    }
    times.push_back(now_ms() - t0);
    evals = opt->total_evaluations();
    cost = info.f;
  }
  char buf[512];
  std::snprintf(buf, sizeof buf,
                "{\"workload\": \"W1 64-25-10 sigmoid/BCE lambda=1 CG x100\", \"fg_evaluations\": %lld, "
                "\"final_cost\": %.6f, \"train_accuracy\": %.4f, \"validation_accuracy\": %.4f, "
                "\"test_accuracy\": %.4f, \"total_ms\": %.2f, \"total_ms_min\": %.2f, \"repeats\": %d}",
                evals, cost, acc(net, p.Xtr, p.ytr), acc(net, p.Xva, p.yva), acc(net, p.Xte, p.yte), median(times),
                *std::min_element(times.begin(), times.end()), repeats);
  return buf;
}

// W2: 64-64-10 ReLU + softmax, Adam lr 1e-3, batch 32, 50 epochs, reshuffled every epoch.
std::string w2(const Prepared& p, Network<float>& net, int epochs) {
  Architecture A;
  A.hidden = {64};
  A.activation = Activation::Relu;
  A.output = OutputKind::SoftmaxCE;
  net.configure(A, 1);
  OptimizerConfig oc;
  oc.kind = OptimizerKind::Adam;
  oc.learning_rate = 1e-3;
  oc.batch_size = 32;
  std::unique_ptr<Optimizer<float>> opt = make_optimizer<float>(oc);
  NetworkObjective<float> f(A, p.Xtr, p.Ytr, 0.0f);
  std::vector<double> per_epoch;
  const double t_all = now_ms();
  for (int e = 0; e < epochs; ++e) {
    const double t0 = now_ms();
    StepInfo info;
    do {
      info = opt->step(f, net.theta());
    } while (!info.epoch_done);
    per_epoch.push_back(now_ms() - t0);
  }
  const double total = now_ms() - t_all;
  // FLOPs per sample: forward 2(64*64 + 64*10), backward dW1 2*64*64, dW2 2*64*10, delta1 2*64*10.
  const double m = double(p.Xtr.cols());
  const double flops_per_epoch = m * (2.0 * (64 * 64 + 64 * 10) + 2.0 * 64 * 64 + 4.0 * 64 * 10);
  const double med = median(per_epoch);
  char buf[512];
  std::snprintf(buf, sizeof buf,
                "{\"workload\": \"W2 64-64-10 relu/softmax Adam lr=1e-3 batch 32\", \"epochs\": %d, "
                "\"median_ms_per_epoch\": %.4f, \"total_ms\": %.2f, \"test_accuracy\": %.4f, "
                "\"gflops\": %.2f}",
                epochs, med, total, acc(net, p.Xte, p.yte), flops_per_epoch / (med * 1e6));
  return buf;
}

// W3: latency of classifying one 64-pixel input (raw 0..16 -> scaled -> forward -> argmax).
std::string w3(const Prepared& p, Network<float>& net) {
  const int n = 20000;
  MatF x(64, 1);
  std::vector<double> us;
  us.reserve(100);
  int sink = 0;
  for (int block = 0; block < 100; ++block) {
    const double t0 = now_ms();
    for (int i = 0; i < n / 100; ++i) {
      x = p.Xte.col((block * 200 + i) % p.Xte.cols());
      Index k = 0;
      net.predict_proba(x).col(0).maxCoeff(&k);
      sink += static_cast<int>(k);
    }
    us.push_back((now_ms() - t0) * 1000.0 / (n / 100));
  }
  char buf[256];
  std::snprintf(buf, sizeof buf,
                "{\"workload\": \"W3 classify one input (64-64-10)\", \"median_us\": %.3f, \"checksum\": %d}",
                median(us), sink);
  return buf;
}

// W4: kNN 4-fold CV, k = 1..15, all 1797 raw samples.
std::string w4(const Dataset& d, int repeats) {
  std::vector<double> times;
  double best = 0;
  for (int r = 0; r < repeats; ++r) {
    KnnCvConfig cfg;
    const double t0 = now_ms();
    Result<KnnCvResult> res = knn_cross_validate(d.X, d.y, cfg);
    times.push_back(now_ms() - t0);
    if (res.ok()) best = *std::max_element(res.value.mean_accuracy.begin(), res.value.mean_accuracy.end());
  }
  char buf[256];
  std::snprintf(buf, sizeof buf,
                "{\"workload\": \"W4 kNN 4-fold CV k=1..15 (1797 raw)\", \"total_ms\": %.2f, "
                "\"best_mean_accuracy\": %.4f, \"repeats\": %d}",
                median(times), best, repeats);
  return buf;
}

}  // namespace

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
  const std::string only = a.value.get("only", "W1,W2,W3,W4");
  for (std::size_t pos = 0; pos < only.size();) {
    std::size_t c = only.find(',', pos);
    if (c == std::string::npos) c = only.size();
    const std::string w = only.substr(pos, c - pos);
    if (w != "W1" && w != "W2" && w != "W3" && w != "W4") return usage_error(cmd, "unknown workload '" + w + "'");
    pos = c + 1;
  }
  auto want = [&](const char* w) { return only.find(w) != std::string::npos; };
  Result<Dataset> data = load_data(a.value);
  if (!data.ok()) return std::fprintf(stderr, "backprop-lab bench: %s\n", data.message().c_str()), 1;
  const Prepared p = prepare(data.value);
#ifdef __EMSCRIPTEN__
  const char* platform = "wasm";
#else
  const char* platform = "native";
#endif
  std::printf("{\n  \"platform\": \"%s\"", platform);
  Network<float> w2net;
  if (want("W1")) std::printf(",\n  \"W1\": %s", w1(p, static_cast<int>(repeats)).c_str());
  if (want("W2") || want("W3")) {
    const std::string r2 = w2(p, w2net, static_cast<int>(epochs));
    if (want("W2")) std::printf(",\n  \"W2\": %s", r2.c_str());
  }
  if (want("W3")) std::printf(",\n  \"W3\": %s", w3(p, w2net).c_str());
  if (want("W4")) std::printf(",\n  \"W4\": %s", w4(data.value, static_cast<int>(repeats)).c_str());
  std::printf("\n}\n");
  return 0;
}

}  // namespace bpl::cli
