// libFuzzer target: the share-link parser (src/app/url_state.cpp, decode_url_state: what the page
// reads from location.hash and lab.applyLink). It never fails; every part it keeps must give a
// valid config, and a decoded state must survive encode -> decode unchanged.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "app/url_state.hpp"
#include "train/config_json.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const bpl::UrlState st = bpl::decode_url_state(text, bpl::TrainConfig());
  if (!st.config.validate().ok()) std::abort();
  for (const std::string& n : st.notices)
    if (n.empty()) std::abort();
  const std::string again = bpl::encode_url_state(st.config, st.panels.value_or(std::vector<std::string>{}),
                                                  st.example.value_or(-1));
  const bpl::UrlState st2 = bpl::decode_url_state(again, bpl::TrainConfig());
  if (!st2.notices.empty() && st.panels.has_value()) {
    // Panel ids are checked by the UI, not here: an id with odd characters is kept as text and
    // must come back as the same text; anything else the encoder wrote must decode cleanly.
    bool only_panels = true;
    for (const std::string& n : st2.notices) only_panels = only_panels && n.find("panels") != std::string::npos;
    if (!only_panels) std::abort();
  } else if (!st2.notices.empty()) {
    std::abort();
  }
  if (bpl::config_to_json(st2.config) != bpl::config_to_json(st.config)) std::abort();
  return 0;
}
