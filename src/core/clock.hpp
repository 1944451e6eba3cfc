// Wall-clock time for measuring work (training slices, benchmarks): milliseconds on a monotonic
// clock with an arbitrary origin; only differences mean something.
#pragma once
#include <chrono>

namespace bpl {

inline double now_ms() {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

}  // namespace bpl
