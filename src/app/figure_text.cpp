#include "app/figure_text.hpp"
#include "core/order.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <numeric>

namespace bpl {

namespace {

std::string fmt(const char* f, double v) {
  char b[64];
  std::snprintf(b, sizeof b, f, v);
  return b;
}

// Thirds of the 8 rows or columns, symmetric: 0-2, 3-4, 5-7.
int third(int i) { return i < 3 ? 0 : i < 5 ? 1 : 2; }

std::string percent(double p) { return fmt("%.1f%%", 100.0 * p); }

// "1,020"
std::string thousands(long long n) {
  std::string s = std::to_string(n);
  for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3) s.insert(static_cast<std::size_t>(i), ",");
  return s;
}

// The region holding most of the weight in `pixels` (indices 0..63), with their row/column span.
std::string where(const std::vector<int>& pixels) {
  std::array<int, 9> votes{};
  int r0 = 8, r1 = -1, c0 = 8, c1 = -1;
  for (int i : pixels) {
    const int r = i / 8, c = i % 8;
    ++votes[static_cast<std::size_t>(third(r) * 3 + third(c))];
    r0 = std::min(r0, r), r1 = std::max(r1, r), c0 = std::min(c0, c), c1 = std::max(c1, c);
  }
  const int best = static_cast<int>(std::max_element(votes.begin(), votes.end()) - votes.begin());
  const auto span = [](const char* what, int a, int b) {
    return std::string(what) + (a == b ? " " + std::to_string(a + 1) : "s " + std::to_string(a + 1) + "-" + std::to_string(b + 1));
  };
  static const int kMid[] = {1, 3, 6};   // a pixel inside each third
  return "the " + pixel_region(kMid[best / 3], kMid[best % 3]) + " (" + span("row", r0, r1) + ", " +
         span("column", c0, c1) + ")";
}

}  // namespace

std::string pixel_region(int row, int col) {
  static const char* kRows[] = {"top", "middle", "bottom"};
  static const char* kCols[] = {"left", "centre", "right"};
  const int r = third(std::clamp(row, 0, 7)), c = third(std::clamp(col, 0, 7));
  if (r == 1 && c == 1) return "middle";
  return std::string(kRows[r]) + " " + kCols[c];
}

std::string describe_curves(const std::vector<HistoryPoint>& h, bool by_epoch) {
  if (h.empty()) return "No training yet: the curves are empty.";
  const HistoryPoint& first = h.front();
  const HistoryPoint& last = h.back();
  const auto best = std::max_element(h.begin(), h.end(), [](const HistoryPoint& a, const HistoryPoint& b) {
    return a.validation.accuracy < b.validation.accuracy;
  });
  const std::string span = by_epoch ? fmt("%.0f epochs", last.epoch) + " (" + thousands(last.iteration) + " steps)"
                                    : thousands(last.iteration) + " iterations";
  const bool fell = last.train.loss < first.train.loss;
  std::string s = "Training loss " + std::string(fell ? "fell" : "went") + " from " + fmt("%.3g", first.train.loss) +
                  " to " + fmt("%.3g", last.train.loss) + " in " + span + "; validation loss " +
                  fmt("%.3g", last.validation.loss) + ". Accuracy: training " + percent(last.train.accuracy) +
                  ", validation " + percent(last.validation.accuracy);
  if (best->validation.accuracy > last.validation.accuracy)
    s += " (best " + percent(best->validation.accuracy) + ", " +
         (by_epoch ? fmt("epoch %.0f", best->epoch) : "iteration " + std::to_string(best->iteration)) + ")";
  return s + ".";
}

std::string describe_unit_weights(const VecD& w) {
  if (w.size() != 64) return "";
  const double top = w.cwiseAbs().maxCoeff();
  if (!(top > 1e-6)) return "All 64 weights are zero: this unit ignores the image.";
  std::vector<int> order(64);
  std::iota(order.begin(), order.end(), 0);
  const VecD neg = -w;   // largest weight first
  stable_sort_by_key(order, std::vector<double>(neg.data(), neg.data() + neg.size()));
  // The strongest weights of each sign: those within half of that sign's largest magnitude.
  std::vector<int> on, off;
  for (int i : order)
    if (w[i] > 0 && w[i] >= 0.5 * w.maxCoeff()) on.push_back(i);
  for (auto it = order.rbegin(); it != order.rend(); ++it)
    if (w[*it] < 0 && w[*it] <= 0.5 * w.minCoeff()) off.push_back(*it);
  std::string s = "Weights from " + fmt("%+.2f", w.minCoeff()) + " to " + fmt("%+.2f", w.maxCoeff()) + ".";
  if (!on.empty()) s += " Ink in " + where(on) + " turns it on most";
  if (!off.empty()) s += std::string(on.empty() ? " Ink in " : "; ink in ") + where(off) + " turns it off";
  return s + ".";
}

std::string describe_outputs(const VecD& p) {
  if (p.size() == 0) return "";
  std::vector<int> order(static_cast<std::size_t>(p.size()));
  std::iota(order.begin(), order.end(), 0);
  const VecD neg = -p;   // most probable first
  stable_sort_by_key(order, std::vector<double>(neg.data(), neg.data() + neg.size()));
  std::string s = "Reads " + std::to_string(order[0]) + " with probability " + fmt("%.2f", p[order[0]]);
  for (std::size_t k = 1; k < std::min<std::size_t>(3, order.size()); ++k)
    s += (k == 1 ? "; then " : ", ") + std::to_string(order[k]) + " (" + fmt("%.2f", p[order[k]]) + ")";
  return s + ".";
}

}  // namespace bpl
