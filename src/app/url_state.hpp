// The shareable state of the app as a URL fragment ("#v=1&hidden=25&...&panels=network,data"),
// so that a teacher can send a setup as a link. No ImGui, no Emscripten: unit-tested natively.
//
// Format: key=value pairs joined by '&', values percent-encoded where needed.
//   v=1                      format version (a missing v means 1; another number is a notice)
//   <config key>=<value>     every key of config_json.hpp: numbers as text, hidden as "64,32"
//                            (empty: no hidden layer), booleans "true"/"false". Seeds are written
//                            as decimal text, so 64-bit seeds survive (JavaScript numbers hold 53
//                            bits, this text never becomes one).
//   panels=a,b,c             ids of the open panels
//   example=123              the selected dataset image
//   lesson=<id>&lesson_step=2  where the student is in the guided lessons (ids checked by the UI)
// Decoding never fails: a part that is bad (unknown key, wrong value, an invalid combination) is
// left out and named in `notices`, and the rest is applied.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "train/trainer.hpp"

namespace bpl {

struct UrlState {
  TrainConfig config;                             // the base with the link's config keys applied
  bool has_config = false;                        // the link set at least one config key
  std::optional<std::vector<std::string>> panels; // open panels (ids are checked by the UI)
  std::optional<int> example;                     // dataset index (range checked by the app)
  std::optional<std::string> lesson;              // lesson id (checked by the UI)
  int lesson_step = 0;
  std::vector<std::string> notices;               // one per part that was left out, and why
};

constexpr int kUrlStateVersion = 1;
constexpr std::size_t kMaxUrlStateLength = 8192;  // longer fragments are not read at all

// The fragment (without '#') for a config, the open panels and the selected example (< 0: none).
std::string encode_url_state(const TrainConfig& cfg, const std::vector<std::string>& panels, int example);

// Reads a fragment (a leading '#' is skipped) on top of `base`.
UrlState decode_url_state(std::string_view fragment, const TrainConfig& base);

// Percent-encoding of everything but unreserved characters and ',' (RFC 3986), and its inverse
// (false on a malformed escape).
std::string percent_encode(std::string_view s);
bool percent_decode(std::string_view s, std::string* out);

}  // namespace bpl
