#include "train/benchmarks.hpp"

#include <algorithm>
#include <memory>
#include <vector>

#include "core/clock.hpp"
#include "knn/knn.hpp"
#include "nn/metrics.hpp"
#include "optim/optimizer.hpp"
#include "train/objective_net.hpp"

namespace bpl {

namespace {

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

// The default 60/20/20 split of the digits, scaled /16, as float matrices.
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

}  // namespace

W1Result bench_w1(const Dataset& d, int repeats) {
  const Prepared p = prepare(d);
  Architecture A;  // 64-25-10 sigmoid, SigmoidBCE
  A.hidden = {25};
  W1Result r;
  std::vector<double> times;
  Network<float> net;
  for (int rep = 0; rep < std::max(1, repeats); ++rep) {
    if (!net.configure(A, 1).ok()) return r;  // cannot happen: a fixed, valid architecture
    OptimizerConfig oc;
    oc.kind = OptimizerKind::CG;
    std::unique_ptr<Optimizer<float>> opt = make_optimizer<float>(oc);
    NetworkObjective<float> f(A, p.Xtr, p.Ytr, 1.0f);
    const double t0 = now_ms();
    StepInfo info;
    for (int it = 0; it < 100 && !info.converged; ++it) info = opt->step(f, net.theta());
    times.push_back(now_ms() - t0);
    r.evaluations = opt->total_evaluations();
    r.final_cost = info.f;
  }
  r.median_ms = median(times);
  r.min_ms = *std::min_element(times.begin(), times.end());
  r.train_accuracy = acc(net, p.Xtr, p.ytr);
  r.validation_accuracy = acc(net, p.Xva, p.yva);
  r.test_accuracy = acc(net, p.Xte, p.yte);
  return r;
}

W2Result bench_w2(const Dataset& d, int epochs, Network<float>* trained) {
  const Prepared p = prepare(d);
  Architecture A;
  A.hidden = {64};
  A.activation = Activation::Relu;
  A.output = OutputKind::SoftmaxCE;
  Network<float> local;
  Network<float>& net = trained ? *trained : local;
  if (!net.configure(A, 1).ok()) return W2Result();  // cannot happen: a fixed, valid architecture
  OptimizerConfig oc;
  oc.kind = OptimizerKind::Adam;
  oc.learning_rate = 1e-3;
  oc.batch_size = 32;
  std::unique_ptr<Optimizer<float>> opt = make_optimizer<float>(oc);
  NetworkObjective<float> f(A, p.Xtr, p.Ytr, 0.0f);
  std::vector<double> per_epoch;
  const double t_all = now_ms();
  for (int e = 0; e < std::max(1, epochs); ++e) {
    const double t0 = now_ms();
    StepInfo info;
    do {
      info = opt->step(f, net.theta());
    } while (!info.epoch_done);
    per_epoch.push_back(now_ms() - t0);
  }
  W2Result r;
  r.epochs = static_cast<int>(per_epoch.size());
  r.total_ms = now_ms() - t_all;
  r.median_ms_per_epoch = median(per_epoch);
  r.test_accuracy = acc(net, p.Xte, p.yte);
  // FLOPs per sample: forward 2(64*64 + 64*10); backward dW1 2*64*64, dW2 2*64*10, delta1 2*64*10.
  const double flops_per_epoch = double(p.Xtr.cols()) * (2.0 * (64 * 64 + 64 * 10) + 2.0 * 64 * 64 + 4.0 * 64 * 10);
  r.gflops = r.median_ms_per_epoch > 0 ? flops_per_epoch / (r.median_ms_per_epoch * 1e6) : 0;
  return r;
}

W3Result bench_w3(const Dataset& d, Network<float>& net) {
  const Prepared p = prepare(d);
  const int blocks = 100, per_block = 200;
  MatF x(64, 1);
  std::vector<double> us;
  W3Result r;
  for (int b = 0; b < blocks; ++b) {
    const double t0 = now_ms();
    for (int i = 0; i < per_block; ++i) {
      x = p.Xte.col((b * per_block + i) % p.Xte.cols());
      Index k = 0;
      net.predict_proba(x).col(0).maxCoeff(&k);
      r.checksum += static_cast<int>(k);
    }
    us.push_back((now_ms() - t0) * 1000.0 / per_block);
  }
  r.median_us = median(us);
  return r;
}

W4Result bench_w4(const Dataset& d, int repeats) {
  std::vector<double> times;
  W4Result r;
  for (int rep = 0; rep < std::max(1, repeats); ++rep) {
    KnnCvConfig cfg;
    cfg.keep_predictions = false;
    const double t0 = now_ms();
    Result<KnnCvResult> res = knn_cross_validate(d.X, d.y, cfg);
    times.push_back(now_ms() - t0);
    if (res.ok()) r.best_mean_accuracy = *std::max_element(res.value.mean_accuracy.begin(), res.value.mean_accuracy.end());
  }
  r.median_ms = median(times);
  return r;
}

}  // namespace bpl
