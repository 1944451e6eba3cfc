#include "train/example_trace.hpp"

#include "optim/sgd.hpp"

namespace bpl {

Result<ExampleTrace> trace_live_example(const Trainer& t, const Eigen::Ref<const VecD>& raw64, int label) {
  if (raw64.size() != kPixels) return Status::Error("an example has 64 pixel values");
  const MatD x = t.scaler().apply<double>(raw64);       // (64 x 1), scaled as the training data
  const VecD theta = t.net().theta().cast<double>();     // the live float weights, exactly
  const Index m_reg = std::max<Index>(1, t.fit_size());  // the regularizer's m, as in training
  return trace_example(t.net().arch(), theta, x.col(0), label, t.config().lambda, m_reg);
}

UpdateRule live_update_rule(const Trainer& t) {
  UpdateRule r;
  r.cfg = t.config().optim;
  const Optimizer<float>* opt = t.optimizer();
  if (const auto* mom = dynamic_cast<const Momentum<float>*>(opt)) {
    if (mom->started()) {
      r.velocity = mom->velocity().cast<double>();
      r.state_from_optimizer = true;
    }
  } else if (const auto* adam = dynamic_cast<const Adam<float>*>(opt)) {
    if (adam->started()) {
      r.adam_m = adam->first_moment().cast<double>();
      r.adam_v = adam->second_moment().cast<double>();
      r.adam_t = adam->steps();
      r.state_from_optimizer = true;
    }
  }
  return r;
}

}  // namespace bpl
