// libFuzzer target: the drawn-digits JSON (src/data/strokes_io.cpp) and the sketch pipeline it
// feeds (src/data/sketch.cpp): any file either fails with a message or gives digits whose
// strokes rasterize to an 8x8 image of counts 0..16 (or a clear error such as "empty sketch").
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "data/sketch.hpp"
#include "data/strokes_io.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  bpl::Result<std::vector<bpl::DrawnDigit>> r = bpl::parse_drawn_digits(text);
  if (!r.ok()) {
    if (r.message().empty()) std::abort();
    return 0;
  }
  for (const bpl::DrawnDigit& d : r.value) {
    if (d.label < 0 || d.label > 9) std::abort();
    bpl::Result<bpl::SketchResult> s = bpl::preprocess(d.strokes);
    if (!s.ok()) {
      if (s.message().empty()) std::abort();
      continue;
    }
    for (int c : s.value.counts)
      if (c < 0 || c > 16) std::abort();
  }
  return 0;
}
