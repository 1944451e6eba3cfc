#include "app/my_digits.hpp"

#include <algorithm>
#include <cmath>

#include <nlohmann/json.hpp>

#include "data/dataset.hpp"
#include "data/strokes_io.hpp"

namespace bpl {

namespace {

using nlohmann::json;

// Pad coordinate kept: clamped to the pad, rounded to 1e-4 (k / 10000 is the double nearest the
// decimal text, so export -> import gives the same bits).
double kept(double v) { return std::round(std::clamp(v, 0.0, 1.0) * 10000.0) / 10000.0; }

// The digit as stored, or why it cannot be.
Result<MyDigit> cleaned(int label, const std::vector<Stroke>& strokes) {
  if (label < 0 || label > 9) return Status::Error("the label must be a digit 0..9, got " + std::to_string(label));
  MyDigit d;
  d.label = label;
  std::size_t points = 0;
  for (const Stroke& s : strokes) {
    if (s.empty()) continue;
    Stroke out;
    out.reserve(s.size());
    for (const StrokePoint& p : s) {
      if (!std::isfinite(p.x) || !std::isfinite(p.y)) return Status::Error("a point has a non-finite coordinate");
      out.push_back({kept(p.x), kept(p.y)});
    }
    points += out.size();
    d.strokes.push_back(std::move(out));
  }
  if (points == 0) return Status::Error("the sketch is empty: draw a digit first");
  if (points > MyDigits::kMaxPoints)
    return Status::Error("a digit of " + std::to_string(points) + " points (at most " +
                         std::to_string(MyDigits::kMaxPoints) + ")");
  return d;
}

std::string full_message() {
  return "My digits is full (" + std::to_string(MyDigits::kMaxDigits) + " digits): delete some first";
}

}  // namespace

bool MyDigit::operator==(const MyDigit& o) const {
  if (label != o.label || strokes.size() != o.strokes.size()) return false;
  for (std::size_t i = 0; i < strokes.size(); ++i) {
    if (strokes[i].size() != o.strokes[i].size()) return false;
    for (std::size_t k = 0; k < strokes[i].size(); ++k)
      if (strokes[i][k].x != o.strokes[i][k].x || strokes[i][k].y != o.strokes[i][k].y) return false;
  }
  return true;
}

bool MyDigits::contains(const MyDigit& d) const {
  return std::find(digits_.begin(), digits_.end(), d) != digits_.end();
}

Status MyDigits::add(int label, const std::vector<Stroke>& strokes) {
  Result<MyDigit> d = cleaned(label, strokes);
  if (!d.ok()) return d.status;
  if (contains(d.value)) return Status::Error("this sketch is already in My digits as a " + std::to_string(label));
  if (digits_.size() >= kMaxDigits) return Status::Error(full_message());
  digits_.push_back(std::move(d.value));
  ++version_;
  return Status::Ok();
}

bool MyDigits::remove(std::size_t i) {
  if (i >= digits_.size()) return false;
  digits_.erase(digits_.begin() + static_cast<std::ptrdiff_t>(i));
  ++version_;
  return true;
}

void MyDigits::clear() {
  if (digits_.empty()) return;
  digits_.clear();
  ++version_;
}

std::string MyDigits::export_json() const {
  json all = json::array();
  for (const MyDigit& d : digits_) {
    json strokes = json::array();
    for (const Stroke& s : d.strokes) {
      json pts = json::array();
      for (const StrokePoint& p : s) pts.push_back(json::array({p.x, p.y}));
      strokes.push_back(std::move(pts));
    }
    all.push_back(json{{"label", d.label}, {"strokes", std::move(strokes)}});
  }
  return json{{"digits", std::move(all)}}.dump();
}

Result<MyDigits::Merged> MyDigits::import_json(std::string_view text) {
  if (text.size() > kMaxBytes)
    return Status::Error("the file is too large (" + std::to_string(text.size() >> 20) + " MB; at most 16 MB)");
  if (text.find('\0') != std::string_view::npos) return Status::Error("not a strokes file (binary data)");
  // An empty set is a valid file here (an export of an empty store); strokes_io refuses it.
  const json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_object() && j.contains("digits") && j["digits"].is_array() && j["digits"].empty()) return Merged{};
  Result<std::vector<DrawnDigit>> parsed = parse_drawn_digits(std::string(text));
  if (!parsed.ok()) return parsed.status;
  std::vector<MyDigit> added;
  Merged m;
  for (std::size_t i = 0; i < parsed.value.size(); ++i) {
    const DrawnDigit& dd = parsed.value[i];
    Result<MyDigit> d = cleaned(dd.label, dd.strokes);
    if (!d.ok()) return Status::Error("digit " + std::to_string(i) + ": " + d.message());
    if (contains(d.value) || std::find(added.begin(), added.end(), d.value) != added.end()) {
      ++m.duplicates;
      continue;
    }
    added.push_back(std::move(d.value));
  }
  if (digits_.size() + added.size() > kMaxDigits)
    return Status::Error("the file has " + std::to_string(added.size()) + " new digits and My digits holds " +
                         std::to_string(digits_.size()) + ": more than " + std::to_string(kMaxDigits) + " in all");
  m.added = static_cast<int>(added.size());
  if (added.empty()) return m;
  for (MyDigit& d : added) digits_.push_back(std::move(d));
  ++version_;
  return m;
}

std::shared_ptr<const DrawnImages> MyDigits::images() const {
  if (images_ && images_version_ == version_) return images_;
  auto d = std::make_shared<DrawnImages>();
  d->X = MatD::Zero(kPixels, static_cast<Index>(digits_.size()));
  for (std::size_t i = 0; i < digits_.size(); ++i) {
    Result<SketchResult> r = preprocess(digits_[i].strokes);
    if (r.ok()) d->X.col(static_cast<Index>(i)) = r.value.pixels;   // never empty: add() refuses that
    d->y.push_back(digits_[i].label);
  }
  images_ = std::move(d);
  images_version_ = version_;
  return images_;
}

}  // namespace bpl
