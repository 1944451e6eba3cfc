// Reading a digit from the network's 10 outputs: the answer, how sure it is, and the top three
// candidates. What the Sketch and Decision panels, lab.state().input and `backprop-lab read` say.
#pragma once
#include "core/types.hpp"
#include "data/dataset.hpp"

namespace bpl {

// How sure the network is of one input, from its 10 outputs. Sigmoid (Ng) outputs need not sum
// to 1, so the outputs are normalized to sum 1 first; for softmax that changes nothing.
// unsure: the top normalized probability is below kUnsureBelow; candidates: the top 3 digits
// with their normalized probabilities, best first.
// Why 0.8 and not 0.5: a softmax network trained with cross-entropy is overconfident. With the
// default preset, on the VALIDATION split a top probability below 0.5 never occurs (0 of 359
// images), below 0.8 it occurs for 1.9% of them (and holds 1 of its 3 errors), below 0.9 for
// 3.9% (still 1 of 3). 0.8 is the highest threshold that flags under ~2% of ordinary digits.
// On real writers (the pen digits' dev set, 5 folds by writer, `backprop-lab read --folds 5`,
// src/train/presets.md): 0.8 flags 55.7% of the misreads and 6.5% of the right answers (0.7:
// 41.3% / 3.7%; 0.9: 73.0% / 11.3%), so it stays.
constexpr float kUnsureBelow = 0.8f;
struct Reading {
  int digit = -1;            // the argmax
  float confidence = 0;      // its normalized probability
  bool unsure = true;
  int candidates[3] = {-1, -1, -1};
  float candidate_p[3] = {0, 0, 0};
};
Reading read_outputs(const VecF& outputs);

}  // namespace bpl
