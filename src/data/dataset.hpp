// The UCI 8x8 digits: loading, validation, splits and input scaling.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/gather.hpp"   // gather_columns, gather
#include "core/rng.hpp"
#include "core/status.hpp"
#include "core/types.hpp"

namespace bpl {

constexpr int kPixels = 64;   // 8x8 image, row-major
constexpr int kClasses = 10;  // digits 0..9
constexpr int kMaxPixel = 16; // each pixel counts "on" pixels in a 4x4 block: 0..16

// Raw images as they are in the file. Samples are columns: X is (64 x n), values 0..16.
struct Dataset {
  MatD X;
  std::vector<int> y;
  Index size() const { return X.cols(); }
};

// Parses the CSV text (no header; 64 integer pixels then the label per line).
// Errors name the line and the reason; never throws.
Result<Dataset> parse_digits_csv(std::string_view text);
// The site's compact form of the same images (assets/digits.txt.gz, 23% smaller gzipped than the
// CSV: issue 17's site size). Lines starting with '#' are comments; then 65 lines of n characters
// each: line p (0..63) holds pixel p of every image as a letter 'a'..'q' (counts 0..16), the
// last line every image's label as a digit '0'..'9'. Pixel by pixel, neighbouring values are alike,
// so gzip finds more to share than in the CSV's rows.
std::string encode_digits_text(const Dataset& d, const std::vector<std::string>& comments);
// The comment lines assets/digits.txt.gz starts with (what it is, where from, the format).
std::vector<std::string> digits_asset_comments();
// Errors name the line and the reason; never throws.
Result<Dataset> parse_digits_text(std::string_view text);
// Either form: the compact one when the first line that is not a comment or blank is letters.
Result<Dataset> parse_digits(std::string_view text);
// Reads a .csv, .txt (compact form) or either gzipped (gzip needs zlib: native builds only).
Result<Dataset> load_digits_file(const std::string& path);
// A file's text; a name ending in .gz is decompressed (zlib: native builds only).
Result<std::string> read_text_file(const std::string& path);

// Seeded shuffled split into train/validation/test index lists.
struct SplitConfig {
  double train = 0.6;          // fraction of samples for training
  double validation = 0.2;     // fraction for validation; test gets the rest
  std::uint64_t seed = 42;     // shuffle seed (SplitMix64)
  Status validate() const;
  bool operator==(const SplitConfig& o) const { return train == o.train && validation == o.validation && seed == o.seed; }
  bool operator!=(const SplitConfig& o) const { return !(*this == o); }
};
struct Split {
  std::vector<int> train, validation, test;
};
// Sizes: train = round(n*train), validation = round(n*validation), test = the rest.
Result<Split> make_split(Index n, const SplitConfig& cfg);

enum class Scaling { Divide16, Standardize };
const char* to_string(Scaling s);
bool parse_scaling(std::string_view s, Scaling* out);

// Input scaling: x' = (x - mean) / scale per pixel.  Divide16: mean 0, scale 16.
// Standardize: mean/std fitted on the training split only (std 0 -> 1).
struct Scaler {
  Scaling kind = Scaling::Divide16;
  VecD mean = VecD::Zero(kPixels);
  VecD scale = VecD::Constant(kPixels, 16.0);

  static Scaler divide16();
  static Scaler fit_standardize(const MatD& X_train);
  template <class T>
  Mat<T> apply(const Eigen::Ref<const MatD>& X) const {
    return ((X.colwise() - mean).array().colwise() / scale.array()).matrix().template cast<T>();
  }
};

// Data augmentation: the images followed by four copies shifted by one pixel (down, up, right,
// left; the pixels shifted in are 0). Returns (64 x 5n); labels repeat in the same order.
MatD augment_shifts(const MatD& X);
std::vector<int> repeat_labels(const std::vector<int>& y, int times);

}  // namespace bpl
