// Names of enum values read back: the inverse of an enum's to_string, so that each name is
// spelled once (in to_string) and parsing can never disagree with printing.
#pragma once
#include <cstddef>
#include <string_view>

namespace bpl {

// Finds the value among `values` whose to_string is `s`: true and *out set, or false and *out
// unchanged. to_string is found by argument-dependent lookup (the enum's own namespace).
template <class E, std::size_t N>
bool parse_name(std::string_view s, const E (&values)[N], E* out) {
  for (const E v : values)
    if (s == to_string(v)) {
      *out = v;
      return true;
    }
  return false;
}

}  // namespace bpl
