// The benchmark workloads W1-W4, fixed so that their figures compare with other libraries
// (see README). Shared by `backprop-lab bench` (native and WebAssembly under Node) and by
// window.lab.benchW2() in the browser. They time; they assert nothing.
#pragma once
#include "data/dataset.hpp"
#include "nn/network.hpp"

namespace bpl {

// W1: 64-25-10 sigmoid, sigmoid outputs + BCE, lambda = 1, inputs /16, training split of the
// default 60/20/20 split, conjugate gradient for 100 iterations.
struct W1Result {
  long long evaluations = 0;   // f/g evaluations
  double final_cost = 0;
  double train_accuracy = 0, validation_accuracy = 0, test_accuracy = 0;
  double median_ms = 0, min_ms = 0;   // over `repeats` runs
};
W1Result bench_w1(const Dataset& d, int repeats);

// W2: 64-64-10 ReLU + softmax, Adam lr 1e-3 (0.9/0.999/1e-8), batch 32, reshuffled each epoch.
struct W2Result {
  int epochs = 0;
  double median_ms_per_epoch = 0, total_ms = 0;
  double test_accuracy = 0;
  double gflops = 0;           // achieved, from the forward+backward FLOP count per sample
};
// `trained` (optional) receives the trained network (W3 classifies with it).
W2Result bench_w2(const Dataset& d, int epochs, Network<float>* trained = nullptr);

// W3: median latency of classifying one scaled 64-pixel input (forward + argmax), microseconds.
struct W3Result {
  double median_us = 0;
  int checksum = 0;            // sum of the predicted classes (keeps the work observable)
};
W3Result bench_w3(const Dataset& d, Network<float>& net);

// W4: kNN 4-fold CV (contiguous folds), k = 1..15, on all raw samples.
struct W4Result {
  double median_ms = 0;
  double best_mean_accuracy = 0;
};
W4Result bench_w4(const Dataset& d, int repeats);

}  // namespace bpl
