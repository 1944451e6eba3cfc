#include "train/example_trace.hpp"

#include "optim/optimizer_registry.hpp"

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
  if (!opt) return r;
  const OptimizerInfo& info = optimizer_info(opt->kind());
  if (info.read_state) info.read_state(*opt, &r);
  return r;
}

}  // namespace bpl
