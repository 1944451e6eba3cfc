// My digits: sketches the user labelled ("Wrong? It was a ..." under the Sketch panel's reading),
// kept so the network can learn the user's own handwriting (TrainConfig::my_digits).
//
// A small versioned store: add, remove, clear, list; export as the project's strokes JSON
// (data/strokes_io.hpp: `backprop-lab read --strokes FILE` reads it) and merge-import such files
// (several students' files make a class set; a digit already in the store is dropped). Every
// change bumps version(); images() renders the digits through the Sketch pad's own pipeline
// (data/sketch.hpp), cached on that version. Coordinates are kept clamped to the pad (0..1) and
// rounded to 1e-4 of its side, so an exported file imports back to exactly the same digits.
// No exceptions: a bad file or digit comes back as a Status and the store does not change.
#pragma once
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.hpp"
#include "data/drawn.hpp"
#include "data/sketch.hpp"

namespace bpl {

struct MyDigit {
  int label = 0;                 // 0..9
  std::vector<Stroke> strokes;   // pad coordinates, no empty stroke
  bool operator==(const MyDigit& o) const;
};

class MyDigits {
 public:
  // Limits, as for model files: a file of at most 16 MB, a class set of at most 500 digits (the
  // images a session fits stay near the app's size limit), a digit of at most 5,000 points.
  static constexpr std::size_t kMaxBytes = std::size_t(16) << 20;
  static constexpr std::size_t kMaxDigits = 500;
  static constexpr std::size_t kMaxPoints = 5000;

  // Adds one digit. Errors (nothing changes): a label outside 0..9, no points, a non-finite
  // coordinate, too many points, the store full, the same digit already stored.
  [[nodiscard]] Status add(int label, const std::vector<Stroke>& strokes);
  // Removes digit i (false when out of range).
  bool remove(std::size_t i);
  void clear();
  const std::vector<MyDigit>& list() const { return digits_; }
  std::size_t size() const { return digits_.size(); }
  bool empty() const { return digits_.empty(); }
  // Bumped by every change.
  unsigned long long version() const { return version_; }

  // {"digits": [{"label": 3, "strokes": [[[x, y], ...], ...]}, ...]} (an empty store: "digits": []).
  std::string export_json() const;
  // Merges a strokes JSON file (export_json's, or any file strokes_io reads; "digits": [] is an
  // empty file): digits already stored, or repeated in the file, are dropped. Errors (nothing
  // changes): not the format, a bad digit (named), over 16 MB, more than kMaxDigits in all.
  struct Merged {
    int added = 0;
    int duplicates = 0;
  };
  [[nodiscard]] Result<Merged> import_json(std::string_view text);

  // The digits through the Sketch pad's pipeline: 64 x size() raw counts 0..16 and their labels
  // (a DrawnImages, what Trainer::set_extra_training takes). Cached on version().
  std::shared_ptr<const DrawnImages> images() const;

 private:
  bool contains(const MyDigit& d) const;
  std::vector<MyDigit> digits_;
  unsigned long long version_ = 1;
  mutable std::shared_ptr<const DrawnImages> images_;
  mutable unsigned long long images_version_ = 0;
};

}  // namespace bpl
