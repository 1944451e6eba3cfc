#include "data/pen.hpp"

#include <algorithm>
#include <map>
#include <mutex>
#include <utility>

#include "core/rng.hpp"
#include "data/dataset.hpp"

namespace bpl {

namespace {

std::mutex& pen_mutex() {
  static std::mutex mu;
  return mu;
}
std::shared_ptr<const DrawnImages>& pen_slot() {
  static std::shared_ptr<const DrawnImages> p;
  return p;
}
int& pen_cap_slot() {
  static int cap = kMaxPenTraining;
  return cap;
}

// The columns choose_pen takes, in order: the first m of a seeded Fisher-Yates shuffle of 0..total-1
// (the first m are the same for every m: step i draws from the same stream whatever m is).
std::vector<Index> choice_order(Index total, Index m, std::uint64_t seed) {
  std::vector<Index> idx(static_cast<std::size_t>(total));
  for (Index i = 0; i < total; ++i) idx[static_cast<std::size_t>(i)] = i;
  Rng rng(seed ^ 0x70656e63686f6f73ull);   // "penchoos"
  for (Index i = 0; i < m; ++i) {
    const Index j = i + static_cast<Index>(rng.below(static_cast<std::uint64_t>(total - i)));
    std::swap(idx[static_cast<std::size_t>(i)], idx[static_cast<std::size_t>(j)]);
  }
  idx.resize(static_cast<std::size_t>(m));
  return idx;
}

}  // namespace

Result<DrawnImages> render_pen(const std::vector<DrawnDigit>& digits, const SketchParams& params) {
  DrawnImages d;
  d.X = MatD::Zero(kPixels, static_cast<Index>(digits.size()));
  d.y.reserve(digits.size());
  for (std::size_t i = 0; i < digits.size(); ++i) {
    Result<SketchResult> r = preprocess(digits[i].strokes, params);
    if (!r.ok()) return Status::Error("pen digit " + std::to_string(i) + ": " + r.message());
    d.X.col(static_cast<Index>(i)) = r.value.pixels;
    d.y.push_back(digits[i].label);
  }
  return d;
}

const std::vector<std::string>& pen_asset_header() {
  static const std::vector<std::string> h = {
      "Backprop Lab pen digits: isolated digits written by real people on pen tablets, rendered to 8x8",
      "counts by the Sketch pad's pipeline (src/data/sketch.hpp) with `backprop-lab pen-asset`.",
      "Source: UNIPEN train_r01_v07, category 1a, sources apa, app, syn, ced, tos (the project's dev writers).",
      "Cite: I. Guyon, L. Schomaker, R. Plamondon, M. Liberman, S. Janet, \"UNIPEN project of on-line data",
      "exchange and recognizer benchmarks\", ICPR 1994; data: UNIPEN Consortium (1999), doi:10.5281/zenodo.1195803.",
      "Licence: CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/). See assets/pen-digits.md.",
      "Format: one digit a line: its label, a space, 64 letters a..q = counts 0..16, row-major.",
  };
  return h;
}

std::vector<std::string> pen_subset_header(Index total, int n, std::uint64_t seed) {
  std::vector<std::string> h = pen_asset_header();
  h.push_back("Chosen: " + std::to_string(std::min<Index>(n, total)) + " of the " + std::to_string(total) +
              " digits, choose_pen(all, n, seed " + std::to_string(seed) +
              "), in the order that makes the same choice on this file pick them in the same order.");
  return h;
}

std::string encode_pen_text(const DrawnImages& d, const std::vector<std::string>& header) {
  std::string out;
  for (const std::string& h : header) out += "# " + h + "\n";
  out.reserve(out.size() + static_cast<std::size_t>(d.X.cols()) * 67);
  for (Index i = 0; i < d.X.cols(); ++i) {
    out += static_cast<char>('0' + d.y[static_cast<std::size_t>(i)]);
    out += ' ';
    for (int p = 0; p < kPixels; ++p) out += static_cast<char>('a' + static_cast<int>(d.X(p, i)));
    out += '\n';
  }
  return out;
}

Result<DrawnImages> decode_pen_text(const std::string& text) {
  std::vector<int> labels;
  std::vector<unsigned char> counts;
  std::size_t pos = 0;
  int line_no = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    const std::string where = "pen digits, line " + std::to_string(line_no) + ": ";
    if (line.size() != 2 + kPixels || line[0] < '0' || line[0] > '9' || line[1] != ' ')
      return Status::Error(where + "expected a digit 0-9, a space and 64 letters a-q");
    for (int p = 0; p < kPixels; ++p) {
      const char c = line[static_cast<std::size_t>(2 + p)];
      if (c < 'a' || c > 'q') return Status::Error(where + "a count must be a letter a-q (0..16)");
      counts.push_back(static_cast<unsigned char>(c - 'a'));
    }
    labels.push_back(line[0] - '0');
    if (labels.size() > static_cast<std::size_t>(kMaxPenTraining))
      return Status::Error("pen digits: more than " + std::to_string(kMaxPenTraining) + " digits");
  }
  if (labels.empty()) return Status::Error("pen digits: no digits in the file");
  DrawnImages d;
  d.X.resize(kPixels, static_cast<Index>(labels.size()));
  for (Index i = 0; i < d.X.cols(); ++i)
    for (int p = 0; p < kPixels; ++p) d.X(p, i) = counts[static_cast<std::size_t>(i * kPixels + p)];
  d.y = std::move(labels);
  return d;
}

std::vector<int> writer_folds(const std::vector<DrawnDigit>& digits, int k, std::uint64_t seed) {
  // Writers in order of first appearance, with their digit counts.
  std::map<std::pair<std::string, std::string>, int> id;
  std::vector<int> writer_of(digits.size());
  std::vector<int> size;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    auto [it, fresh] = id.emplace(std::make_pair(digits[i].style, digits[i].variant), static_cast<int>(size.size()));
    if (fresh) size.push_back(0);
    writer_of[i] = it->second;
    ++size[static_cast<std::size_t>(it->second)];
  }
  std::vector<int> order(size.size());
  for (std::size_t w = 0; w < order.size(); ++w) order[w] = static_cast<int>(w);
  Rng rng(seed ^ 0x70656e666f6c6473ull);   // "penfolds"
  for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[rng.below(i)]);
  k = std::max(k, 1);
  std::vector<int> fold_of_writer(size.size(), 0), fold_size(static_cast<std::size_t>(k), 0);
  for (int w : order) {
    const int f = static_cast<int>(std::min_element(fold_size.begin(), fold_size.end()) - fold_size.begin());
    fold_of_writer[static_cast<std::size_t>(w)] = f;
    fold_size[static_cast<std::size_t>(f)] += size[static_cast<std::size_t>(w)];
  }
  std::vector<int> fold(digits.size());
  for (std::size_t i = 0; i < digits.size(); ++i) fold[i] = fold_of_writer[static_cast<std::size_t>(writer_of[i])];
  return fold;
}

DrawnImages choose_pen(const DrawnImages& all, int n, std::uint64_t seed) {
  const Index m = std::clamp<Index>(n, 0, all.X.cols());
  const std::vector<Index> idx = choice_order(all.X.cols(), m, seed);
  DrawnImages d;
  d.X.resize(kPixels, m);
  d.y.reserve(static_cast<std::size_t>(m));
  for (Index i = 0; i < m; ++i) {
    d.X.col(i) = all.X.col(idx[static_cast<std::size_t>(i)]);
    d.y.push_back(all.y[static_cast<std::size_t>(idx[static_cast<std::size_t>(i)])]);
  }
  return d;
}

DrawnImages shipped_pen_subset(const DrawnImages& all, int n, std::uint64_t seed) {
  const DrawnImages chosen = choose_pen(all, n, seed);
  const Index m = chosen.X.cols();
  // choose_pen on the subset takes column pos[i] i-th: put the i-th chosen digit there.
  const std::vector<Index> pos = choice_order(m, m, seed);
  DrawnImages d;
  d.X.resize(kPixels, m);
  d.y.assign(static_cast<std::size_t>(m), 0);
  for (Index i = 0; i < m; ++i) {
    const Index p = pos[static_cast<std::size_t>(i)];
    d.X.col(p) = chosen.X.col(i);
    d.y[static_cast<std::size_t>(p)] = chosen.y[static_cast<std::size_t>(i)];
  }
  return d;
}

void install_pen_images(std::shared_ptr<const DrawnImages> images, bool capped) {
  std::lock_guard<std::mutex> lock(pen_mutex());
  pen_cap_slot() = capped && images ? static_cast<int>(images->X.cols()) : kMaxPenTraining;
  pen_slot() = std::move(images);
}

int installed_pen_cap() {
  std::lock_guard<std::mutex> lock(pen_mutex());
  return pen_cap_slot();
}

std::shared_ptr<const DrawnImages> installed_pen_images() {
  std::lock_guard<std::mutex> lock(pen_mutex());
  return pen_slot();
}

Status install_pen_text(const std::string& text) {
  Result<DrawnImages> d = decode_pen_text(text);
  if (!d.ok()) return d.status;
  install_pen_images(std::make_shared<const DrawnImages>(std::move(d.value)), true);
  return Status::Ok();
}

}  // namespace bpl
