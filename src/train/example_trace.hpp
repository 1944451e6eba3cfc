// The live training session's view of one example: the trace (nn/trace.hpp) under the trainer's
// current float weights converted to double, the input scaled as in training, lambda and m_reg as
// in training; and the update the current optimizer would make from that example alone
// (optim/update_preview.hpp), reading the optimizer's state without changing it.
#pragma once
#include "core/status.hpp"
#include "nn/trace.hpp"
#include "optim/update_preview.hpp"
#include "train/trainer.hpp"

namespace bpl {

// raw64: 64 pixel values 0..16 as in the dataset; label 0..9. Touches no training state.
Result<ExampleTrace> trace_live_example(const Trainer& t, const Eigen::Ref<const VecD>& raw64, int label);

// The current optimizer's rule and state (velocity, Adam moments) as doubles.
UpdateRule live_update_rule(const Trainer& t);

}  // namespace bpl
