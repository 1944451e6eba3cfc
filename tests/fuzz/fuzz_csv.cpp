// libFuzzer target: the digits loaders (src/data/dataset.cpp): parse_digits, which reads the CSV
// (parse_digits_csv) or the site's compact form (parse_digits_text).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "data/dataset.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  bpl::Result<bpl::Dataset> r = bpl::parse_digits(text);
  if (!r.ok()) {
    if (r.message().empty()) std::abort();
    return 0;
  }
  const bpl::Dataset& d = r.value;
  if (d.X.cols() != static_cast<bpl::Index>(d.y.size()) || d.X.rows() != bpl::kPixels) std::abort();
  for (int label : d.y)
    if (label < 0 || label >= bpl::kClasses) std::abort();
  if (!d.X.allFinite() || (d.X.size() > 0 && (d.X.minCoeff() < 0 || d.X.maxCoeff() > bpl::kMaxPixel))) std::abort();
  return 0;
}
