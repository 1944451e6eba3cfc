// libFuzzer target: the config JSON parser (src/train/config_json.cpp, config_from_json_text:
// what window.lab.setConfig and the "training" object of model files go through).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "train/config_json.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  bpl::Result<bpl::TrainConfig> r = bpl::config_from_json_text(text, bpl::TrainConfig());
  if (!r.ok()) {
    if (r.message().empty()) std::abort();
    return 0;
  }
  // Accepted configs are valid and survive a round trip unchanged.
  if (!r.value.validate().ok()) std::abort();
  bpl::Result<bpl::TrainConfig> again = bpl::config_from_json(bpl::config_to_json(r.value), bpl::TrainConfig());
  if (!again.ok()) std::abort();
  if (bpl::config_to_json(again.value) != bpl::config_to_json(r.value)) std::abort();
  return 0;
}
