#include "data/dataset.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#ifdef BPL_HAVE_ZLIB
#include <zlib.h>
#endif

#include "core/names.hpp"

namespace bpl {

namespace {

// Parses one non-negative or negative integer field; false if not a plain integer.
bool parse_int(std::string_view f, long* out) {
  while (!f.empty() && (f.front() == ' ' || f.front() == '\t')) f.remove_prefix(1);
  while (!f.empty() && (f.back() == ' ' || f.back() == '\t' || f.back() == '\r')) f.remove_suffix(1);
  if (f.empty()) return false;
  bool neg = false;
  std::size_t i = 0;
  if (f[0] == '-' || f[0] == '+') { neg = f[0] == '-'; i = 1; }
  if (i == f.size()) return false;
  long v = 0;
  for (; i < f.size(); ++i) {
    if (f[i] < '0' || f[i] > '9') return false;
    v = v * 10 + (f[i] - '0');
    if (v > 1000000) return false;  // far outside any valid value
  }
  *out = neg ? -v : v;
  return true;
}

std::string at_line(std::size_t line, const std::string& why) {
  return "line " + std::to_string(line) + ": " + why;
}

// A text's lines with their numbers (from 1), without the line end ('\n' or "\r\n").
struct TextLine {
  std::size_t number;
  std::string_view text;
};

std::vector<TextLine> split_lines(std::string_view text) {
  std::vector<TextLine> lines;
  std::size_t number = 0, pos = 0;
  while (pos < text.size()) {
    std::size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    std::string_view line = text.substr(pos, eol - pos);
    pos = eol + 1;
    ++number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back({number, line});
  }
  return lines;
}

}  // namespace

Result<Dataset> parse_digits_csv(std::string_view text) {
  std::vector<double> pixels;
  std::vector<int> labels;
  for (const TextLine& l : split_lines(text)) {
    const std::size_t line_no = l.number;
    const std::string_view line = l.text;
    if (line.find_first_not_of(" \t") == std::string_view::npos) continue;  // blank line
    int col = 0;
    std::size_t fpos = 0;
    while (true) {
      std::size_t comma = line.find(',', fpos);
      std::string_view field = line.substr(fpos, comma == std::string_view::npos ? std::string_view::npos : comma - fpos);
      ++col;
      if (col > kPixels + 1) break;
      long v = 0;
      if (!parse_int(field, &v))
        return Status::Error(at_line(line_no, "column " + std::to_string(col) + " is not an integer: '" +
                                                  std::string(field.substr(0, 20)) + "'"));
      if (col <= kPixels) {
        if (v < 0 || v > kMaxPixel)
          return Status::Error(at_line(line_no, "pixel " + std::to_string(col) + " = " + std::to_string(v) +
                                                    " is outside 0..16"));
        pixels.push_back(static_cast<double>(v));
      } else {
        if (v < 0 || v >= kClasses)
          return Status::Error(at_line(line_no, "label " + std::to_string(v) + " is outside 0..9"));
        labels.push_back(static_cast<int>(v));
      }
      if (comma == std::string_view::npos) break;
      fpos = comma + 1;
    }
    if (col != kPixels + 1) {
      // count all columns for the message
      std::size_t n = 1;
      for (char c : line) n += (c == ',');
      return Status::Error(at_line(line_no, "expected 65 columns (64 pixels + label), found " + std::to_string(n)));
    }
  }
  if (labels.empty()) return Status::Error("no data: the file has no rows");
  Dataset d;
  const Index n = static_cast<Index>(labels.size());
  d.X = Eigen::Map<const MatD>(pixels.data(), kPixels, n);
  d.y = std::move(labels);
  return d;
}

std::string encode_digits_text(const Dataset& d, const std::vector<std::string>& comments) {
  std::string out;
  for (const std::string& c : comments) out += "# " + c + "\n";
  const Index n = d.size();
  out.reserve(out.size() + static_cast<std::size_t>((kPixels + 1) * (n + 1)));
  for (int p = 0; p < kPixels; ++p) {
    for (Index i = 0; i < n; ++i) out += static_cast<char>('a' + static_cast<int>(std::lround(d.X(p, i))));
    out += '\n';
  }
  for (Index i = 0; i < n; ++i) out += static_cast<char>('0' + d.y[static_cast<std::size_t>(i)]);
  out += '\n';
  return out;
}

std::vector<std::string> digits_asset_comments() {
  return {"Backprop Lab digits: the UCI optical recognition of handwritten digits, 8x8 (scikit-learn's load_digits,",
          "1,797 images), the same images as assets/digits.csv.gz in the compact form (src/data/dataset.hpp).",
          "Written by `backprop-lab digits-asset`.",
          "Format: 65 lines: line p (0..63) is pixel p (row-major) of every image, a letter a..q = count 0..16;",
          "the last line is every image's label, a digit."};
}

namespace {

// The data lines of the compact form with their line numbers (comments and blank lines skipped).
std::vector<TextLine> data_lines(std::string_view text) {
  std::vector<TextLine> lines = split_lines(text);
  lines.erase(std::remove_if(lines.begin(), lines.end(),
                             [](const TextLine& l) { return l.text.empty() || l.text.front() == '#'; }),
              lines.end());
  return lines;
}

}  // namespace

Result<Dataset> parse_digits_text(std::string_view text) {
  const std::vector<TextLine> lines = data_lines(text);
  if (lines.empty()) return Status::Error("no data: the file has no rows");
  if (lines.size() != kPixels + 1)
    return Status::Error("expected 65 lines (64 pixels + the labels), found " + std::to_string(lines.size()));
  const std::size_t n = lines[0].text.size();
  Dataset d;
  d.X.resize(kPixels, static_cast<Index>(n));
  d.y.resize(n);
  for (std::size_t p = 0; p <= kPixels; ++p) {
    const TextLine& l = lines[p];
    if (l.text.size() != n)
      return Status::Error(at_line(l.number, std::to_string(l.text.size()) + " images, the first line has " + std::to_string(n)));
    const bool labels = p == kPixels;
    for (std::size_t i = 0; i < n; ++i) {
      const char c = l.text[i];
      const bool ok = labels ? (c >= '0' && c <= '9') : (c >= 'a' && c <= 'a' + kMaxPixel);
      if (!ok)
        return Status::Error(at_line(l.number, "image " + std::to_string(i + 1) + ": '" + std::string(1, c) + "' is not " +
                                                   (labels ? "a label 0..9" : "a pixel a..q (0..16)")));
      if (labels) d.y[i] = c - '0';
      else d.X(static_cast<Index>(p), static_cast<Index>(i)) = c - 'a';
    }
  }
  return d;
}

Result<Dataset> parse_digits(std::string_view text) {
  // The first character that is neither white space nor in a comment line decides the form
  // (no line split here: the parser splits the text once).
  constexpr const char* kSpace = " \t\r\n";
  std::size_t i = text.find_first_not_of(kSpace);
  while (i != std::string_view::npos && text[i] == '#') {
    i = text.find('\n', i);
    if (i != std::string_view::npos) i = text.find_first_not_of(kSpace, i);
  }
  const bool compact = i != std::string_view::npos && text[i] >= 'a' && text[i] <= 'z';
  return compact ? parse_digits_text(text) : parse_digits_csv(text);
}

Result<std::string> read_text_file(const std::string& path) {
  std::string text;
  const bool gz = path.size() > 3 && path.compare(path.size() - 3, 3, ".gz") == 0;
  if (gz) {
#ifdef BPL_HAVE_ZLIB
    gzFile f = gzopen(path.c_str(), "rb");
    if (!f) return Status::Error("cannot open " + path);
    char buf[1 << 16];
    int got;
    while ((got = gzread(f, buf, sizeof buf)) > 0) text.append(buf, static_cast<std::size_t>(got));
    int err = 0;
    const char* msg = gzerror(f, &err);
    const std::string why = msg ? msg : "?";
    gzclose(f);
    if (got < 0 || err < 0) return Status::Error(path + ": gzip error: " + why);
#else
    return Status::Error("this build cannot read .gz files: " + path);
#endif
  } else {
    // stdio, not std::ifstream: the browser build carries no iostreams/locale (issue 17).
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) return Status::Error("cannot open " + path);
    char buf[1 << 16];
    std::size_t got;
    while ((got = std::fread(buf, 1, sizeof buf, f)) > 0) text.append(buf, got);
    const bool failed = std::ferror(f) != 0;
    std::fclose(f);
    if (failed) return Status::Error("cannot read " + path);
  }
  return text;
}

Result<Dataset> load_digits_file(const std::string& path) {
  Result<std::string> text_r = read_text_file(path);
  if (!text_r.ok()) return text_r.status;
  const std::string& text = text_r.value;
  Result<Dataset> r = parse_digits(text);
  if (!r.ok()) return Status::Error(path + ": " + r.message());
  return r;
}

Status SplitConfig::validate() const {
  if (!(train > 0.0 && train < 1.0)) return Status::Error("split.train must be in (0, 1)");
  if (!(validation >= 0.0 && validation < 1.0)) return Status::Error("split.validation must be in [0, 1)");
  if (!(train + validation <= 1.0 + 1e-12)) return Status::Error("split.train + split.validation must be <= 1");
  return Status::Ok();
}

Result<Split> make_split(Index n, const SplitConfig& cfg) {
  Status s = cfg.validate();
  if (!s.ok()) return s;
  if (n < 3) return Status::Error("need at least 3 samples to split");
  std::vector<int> p = permutation(static_cast<int>(n), cfg.seed);
  const Index ntr = static_cast<Index>(std::llround(static_cast<double>(n) * cfg.train));
  Index nva = static_cast<Index>(std::llround(static_cast<double>(n) * cfg.validation));
  if (ntr + nva > n) nva = n - ntr;
  Split sp;
  sp.train.assign(p.begin(), p.begin() + ntr);
  sp.validation.assign(p.begin() + ntr, p.begin() + ntr + nva);
  sp.test.assign(p.begin() + ntr + nva, p.end());
  return sp;
}

const char* to_string(Scaling s) { return s == Scaling::Divide16 ? "divide16" : "standardize"; }

bool parse_scaling(std::string_view s, Scaling* out) {
  return parse_name(s, {Scaling::Divide16, Scaling::Standardize}, out);
}

Scaler Scaler::divide16() { return Scaler(); }

Scaler Scaler::fit_standardize(const MatD& X_train) {
  Scaler s;
  s.kind = Scaling::Standardize;
  const double m = static_cast<double>(X_train.cols());
  s.mean = X_train.rowwise().mean();
  VecD var = ((X_train.colwise() - s.mean).array().square().rowwise().sum() / m).matrix();
  s.scale = var.array().sqrt().matrix();
  for (Index i = 0; i < s.scale.size(); ++i)
    if (s.scale[i] < 1e-12) s.scale[i] = 1.0;  // constant pixel (e.g. always 0): leave it centred
  return s;
}

MatD augment_shifts(const MatD& X) {
  const int shifts[4][2] = {{1, 0}, {-1, 0}, {0, 1}, {0, -1}};  // (rows down, columns right)
  const Index n = X.cols();
  MatD out = MatD::Zero(X.rows(), 5 * n);
  out.leftCols(n) = X;
  for (int s = 0; s < 4; ++s)
    for (Index j = 0; j < n; ++j)
      for (int r = 0; r < 8; ++r)
        for (int c = 0; c < 8; ++c) {
          const int rs = r - shifts[s][0], cs = c - shifts[s][1];  // source pixel
          if (rs >= 0 && rs < 8 && cs >= 0 && cs < 8) out(r * 8 + c, (s + 1) * n + j) = X(rs * 8 + cs, j);
        }
  return out;
}

std::vector<int> repeat_labels(const std::vector<int>& y, int times) {
  std::vector<int> out;
  out.reserve(y.size() * static_cast<std::size_t>(times));
  for (int t = 0; t < times; ++t) out.insert(out.end(), y.begin(), y.end());
  return out;
}

}  // namespace bpl
