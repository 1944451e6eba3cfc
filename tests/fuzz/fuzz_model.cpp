// libFuzzer target: the model file loader (src/train/model_io.cpp, load_model) and, for inputs
// it accepts, the network it builds. Any text must give a Status, never a crash, a sanitizer
// report, or a model that breaks the promises load_model makes (sizes match, finite numbers).
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "train/model_io.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  bpl::Result<bpl::LoadedModel> r = bpl::load_model(text);
  if (!r.ok()) {
    if (r.message().empty()) std::abort();   // every rejection explains itself
    return 0;
  }
  const bpl::LoadedModel& m = r.value;
  if (m.theta.size() != m.arch.param_count() || !m.theta.allFinite()) std::abort();
  if (!m.config.validate().ok()) std::abort();
  bpl::Network<float> net;
  if (!bpl::make_network(m, &net).ok()) std::abort();
  // Round trip: what we save we must load again.
  const std::string again = bpl::save_model(net, m.scaler, m.config);
  if (!bpl::load_model(again).ok()) std::abort();
  return 0;
}
