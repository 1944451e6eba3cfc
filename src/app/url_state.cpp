#include "app/url_state.hpp"

#include <cerrno>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "train/config_json.hpp"

namespace bpl {

using nlohmann::json;

namespace {

bool unreserved(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
         c == '_' || c == '~' || c == ',';
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == sep) {
      out.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  return out;
}

// Shortened for messages (a tampered link may carry anything).
std::string shown(std::string_view s) {
  std::string out;
  for (char c : s.substr(0, 40)) out += (c >= 32 && c < 127) ? c : '?';
  return s.size() > 40 ? out + "..." : out;
}

bool is_seed_key(std::string_view k) { return k == "seed" || k == "split_seed" || k == "shuffle_seed"; }

// The text of one config value as JSON, by the key's type (config_json.hpp checks the rest).
bool config_value(std::string_view key, const std::string& text, json* out) {
  if (key == "hidden") {
    *out = json::array();
    if (text.empty()) return true;
    for (std::string_view part : split(text, ',')) {
      const std::string p(part);
      char* end = nullptr;
      errno = 0;
      const long v = std::strtol(p.c_str(), &end, 10);
      if (p.empty() || *end != '\0' || errno == ERANGE) return false;
      out->push_back(v);
    }
    return true;
  }
  if (!text.empty() && text[0] == '{') {   // an object key ("augmentation") as JSON text
    std::string err;
    return parse_json_text(text, out, &err) && out->is_object();
  }
  if (text == "true" || text == "false") {
    *out = text == "true";
    return true;
  }
  if (is_seed_key(key)) {   // decimal text to a 64-bit integer, never through a double
    if (text.empty() || text.size() > 20 || text.find_first_not_of("0123456789") != std::string::npos) return false;
    char* end = nullptr;
    errno = 0;
    const unsigned long long v = std::strtoull(text.c_str(), &end, 10);
    if (*end != '\0' || errno == ERANGE) return false;
    *out = static_cast<std::uint64_t>(v);
    return true;
  }
  if (!text.empty() && (text.find_first_not_of("0123456789+-.eE") == std::string::npos)) {
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    if (*end != '\0') return false;
    *out = v;
    return true;
  }
  *out = text;   // names ("relu", "adam", ...)
  return true;
}

std::string value_text(const json& v) {
  if (v.is_array()) {
    std::string s;
    for (const json& e : v) s += (s.empty() ? "" : ",") + e.dump();
    return s;
  }
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_float()) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.17g", v.get<double>());
    return buf;
  }
  return v.dump();   // integers, booleans
}

// Applies the config keys that work: all together if possible, else without the keys that fail
// on their own, else none (an invalid combination). Notices name what was left out.
void apply_config(const json& keys, UrlState& st) {
  if (keys.empty()) return;
  Result<TrainConfig> all = config_from_json(keys, st.config);
  if (all.ok()) {
    st.config = all.value;
    st.has_config = true;
    return;
  }
  json good = json::object();
  for (auto it = keys.begin(); it != keys.end(); ++it) {
    Result<TrainConfig> one = config_from_json(json{{it.key(), it.value()}}, st.config);
    if (one.ok())
      good[it.key()] = it.value();
    else
      st.notices.push_back("'" + it.key() + "' ignored: " + one.message());
  }
  Result<TrainConfig> rest = config_from_json(good, st.config);
  if (rest.ok()) {
    st.config = rest.value;
    st.has_config = !good.empty();
  } else {
    st.notices.push_back("the link's settings were ignored (" + rest.message() + ")");
  }
}

}  // namespace

std::string percent_encode(std::string_view s) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (char ch : s) {
    const unsigned char c = static_cast<unsigned char>(ch);
    if (unreserved(ch)) {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

bool percent_decode(std::string_view s, std::string* out) {
  out->clear();
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      *out += s[i] == '+' ? ' ' : s[i];
      continue;
    }
    if (i + 2 >= s.size()) return false;
    const int hi = hex_value(s[i + 1]), lo = hex_value(s[i + 2]);
    if (hi < 0 || lo < 0) return false;
    *out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return true;
}

std::string encode_url_state(const TrainConfig& cfg, const std::vector<std::string>& panels, int example) {
  std::string s = "v=" + std::to_string(kUrlStateVersion);
  const json j = config_to_json(cfg);
  for (auto it = j.begin(); it != j.end(); ++it) s += "&" + it.key() + "=" + percent_encode(value_text(it.value()));
  std::string p;
  for (const std::string& id : panels) p += (p.empty() ? "" : ",") + id;
  s += "&panels=" + percent_encode(p);
  if (example >= 0) s += "&example=" + std::to_string(example);
  return s;
}

UrlState decode_url_state(std::string_view fragment, const TrainConfig& base) {
  UrlState st;
  st.config = base;
  if (!fragment.empty() && fragment[0] == '#') fragment.remove_prefix(1);
  if (fragment.empty()) return st;
  if (fragment.size() > kMaxUrlStateLength) {
    st.notices.push_back("the link is too long (" + std::to_string(fragment.size()) + " characters) and was ignored");
    return st;
  }
  json config_keys = json::object();
  for (std::string_view part : split(fragment, '&')) {
    if (part.empty()) continue;
    const std::size_t eq = part.find('=');
    if (eq == std::string_view::npos) {
      st.notices.push_back("'" + shown(part) + "' ignored: expected key=value");
      continue;
    }
    std::string key, text;
    if (!percent_decode(part.substr(0, eq), &key) || !percent_decode(part.substr(eq + 1), &text)) {
      st.notices.push_back("'" + shown(part) + "' ignored: malformed %-escape");
      continue;
    }
    if (key == "v") {
      if (text != std::to_string(kUrlStateVersion))
        st.notices.push_back("link format version '" + shown(text) + "' is not " +
                             std::to_string(kUrlStateVersion) + "; read as version " +
                             std::to_string(kUrlStateVersion));
    } else if (key == "panels") {
      std::vector<std::string> ids;
      if (!text.empty())
        for (std::string_view id : split(text, ',')) ids.emplace_back(id);
      st.panels = std::move(ids);
    } else if (key == "lesson") {
      st.lesson = text;
    } else if (key == "lesson_step") {
      char* end = nullptr;
      const long v = std::strtol(text.c_str(), &end, 10);
      if (text.empty() || text.size() > 4 || *end != '\0' || v < 0)
        st.notices.push_back("'lesson_step' ignored: expected a step number, got '" + shown(text) + "'");
      else
        st.lesson_step = static_cast<int>(v);
    } else if (key == "example") {
      char* end = nullptr;
      errno = 0;
      const long v = std::strtol(text.c_str(), &end, 10);
      if (text.empty() || *end != '\0' || errno == ERANGE || v < 0 || v > 1000000)
        st.notices.push_back("'example' ignored: expected a dataset index, got '" + shown(text) + "'");
      else
        st.example = static_cast<int>(v);
    } else {
      json v;
      if (!config_value(key, text, &v))
        st.notices.push_back("'" + shown(key) + "' ignored: cannot read '" + shown(text) + "'");
      else
        config_keys[key] = v;
    }
  }
  apply_config(config_keys, st);
  return st;
}

}  // namespace bpl
