#include "data/strokes_io.hpp"

#include <cmath>
#include <string_view>

#include <nlohmann/json.hpp>

namespace bpl {

namespace {

using nlohmann::json;

Status bad(std::size_t i, const std::string& why) {
  return Status::Error("strokes: digit " + std::to_string(i) + ": " + why);
}

// One [[x, y], ...] polyline.
Status parse_stroke(const json& j, std::size_t i, Stroke* out, std::size_t* points) {
  if (!j.is_array()) return bad(i, "a stroke must be an array of [x, y] points");
  for (const json& p : j) {
    if (!p.is_array() || p.size() != 2 || !p[0].is_number() || !p[1].is_number())
      return bad(i, "a point must be [x, y] with two numbers");
    const double x = p[0].get<double>(), y = p[1].get<double>();
    if (!std::isfinite(x) || !std::isfinite(y)) return bad(i, "non-finite coordinate");
    if (++*points > kMaxStrokePoints) return bad(i, "more than " + std::to_string(kMaxStrokePoints) + " points");
    out->push_back({x, y});
  }
  return Status::Ok();
}

Status parse_digit(const json& d, std::size_t i, DrawnDigit* out) {
  if (!d.is_object()) return bad(i, "must be an object");
  const auto label = d.find("label");
  if (label == d.end() || !label->is_number_integer() || label->get<long long>() < 0 || label->get<long long>() > 9)
    return bad(i, "\"label\" must be an integer 0..9");
  out->label = static_cast<int>(label->get<long long>());
  for (const char* key : {"style", "variant"}) {
    const auto t = d.find(key);
    if (t == d.end()) continue;
    if (!t->is_string()) return bad(i, std::string("\"") + key + "\" must be text");
    (key[0] == 's' ? out->style : out->variant) = t->get<std::string>();
  }
  const auto strokes = d.find("strokes");
  if (strokes == d.end() || !strokes->is_array() || strokes->empty())
    return bad(i, "\"strokes\" must be a non-empty array of strokes");
  std::size_t points = 0;
  for (const json& s : *strokes) {
    out->strokes.emplace_back();
    if (Status st = parse_stroke(s, i, &out->strokes.back(), &points); !st.ok()) return st;
  }
  if (points == 0) return bad(i, "no points");
  return Status::Ok();
}

}  // namespace

Result<std::vector<DrawnDigit>> parse_drawn_digits(const std::string& json_text) {
  // As a string_view: every parse in the program reads through one input type (const char*), so
  // nlohmann's lexer and parser are compiled once (each input type is a copy of both).
  const json j = json::parse(std::string_view(json_text), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return Status::Error("strokes: not valid JSON");
  if (!j.is_object() || !j.contains("digits") || !j["digits"].is_array())
    return Status::Error("strokes: expected an object with a \"digits\" array");
  const json& digits = j["digits"];
  if (digits.empty()) return Status::Error("strokes: \"digits\" is empty");
  if (digits.size() > kMaxDrawnDigits)
    return Status::Error("strokes: more than " + std::to_string(kMaxDrawnDigits) + " digits");
  std::vector<DrawnDigit> out(digits.size());
  for (std::size_t i = 0; i < digits.size(); ++i)
    if (Status st = parse_digit(digits[i], i, &out[i]); !st.ok()) return st;
  return out;
}

}  // namespace bpl
