// Real pen digits: digits written by real people on pen tablets (UNIPEN, CC BY 4.0; see
// assets/pen-digits.md), rendered to 8x8 counts by the Sketch pad's own pipeline (sketch.hpp),
// as a second training source beside the UCI training split (augmentation.pen).
//
//   strokes JSON (strokes_io.hpp) --render_pen--> 8x8 counts --encode_pen_text--> assets/pen-digits.txt.gz
//
// The shipped file is text, one digit a line: the label, a space, then 64 letters 'a'..'q'
// (counts 0..16, row-major); lines starting with '#' are comments (provenance, licence). Text
// because every loader of the project (zlib natively, Node's zlib in the wasm CLI, the
// browser's DecompressionStream) hands gunzipped TEXT to the engine.
//
// Every real-handwriting figure is WRITER-INDEPENDENT: writer_folds() splits by writer
// ((style, variant) = (source, writer id)), never by digit.
//
// Deterministic: rendering is the sketch pipeline's plain arithmetic, the seeded choice comes
// from SplitMix64; the same bits natively and in WebAssembly.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/status.hpp"
#include "data/drawn.hpp"
#include "data/sketch.hpp"
#include "data/strokes_io.hpp"

namespace bpl {

// The most pen digits one network fits (the dev set holds 8,182).
inline constexpr int kMaxPenTraining = 10000;
// The shipped asset (assets/pen-digits.txt.gz) holds the kShippedPen digits the default network
// fits, chosen from the dev set with the default augmentation seed (kShippedPenSeed):
// shipped_pen_subset() below. The command line reads the whole dev set with --pen-data.
inline constexpr int kShippedPen = 1000;
inline constexpr std::uint64_t kShippedPenSeed = 1;

// Every digit through the pad's pipeline: X is 64 x n raw counts 0..16, y the labels.
// Errors: a digit the pipeline refuses (named by its index).
Result<DrawnImages> render_pen(const std::vector<DrawnDigit>& digits, const SketchParams& params = {});

// The file format above. encode: `header` lines are written as '#' comments first.
std::string encode_pen_text(const DrawnImages& d, const std::vector<std::string>& header);
// The comment lines of the shipped file: where the digits come from, the licence, the format.
const std::vector<std::string>& pen_asset_header();
// The same plus a line saying which subset it is (shipped_pen_subset(all, n, seed), all.X.cols() = total).
std::vector<std::string> pen_subset_header(Index total, int n, std::uint64_t seed);
// Errors name the first bad line.
[[nodiscard]] Result<DrawnImages> decode_pen_text(const std::string& text);

// Writer-grouped folds: fold[i] in 0..k-1 for digit i. Writers ((style, variant)) are shuffled
// with `seed`, then each goes whole to the fold with the fewest digits so far: no writer is in
// two folds. k >= 2 (fewer writers than folds: some folds stay empty).
std::vector<int> writer_folds(const std::vector<DrawnDigit>& digits, int k, std::uint64_t seed);

// n of the pen digits (all of them when n >= their count), chosen with `seed`: the first n of
// a seeded Fisher-Yates shuffle.
DrawnImages choose_pen(const DrawnImages& all, int n, std::uint64_t seed);

// What the site ships: the n digits choose_pen(all, n, seed) picks, stored in the order that
// makes the same call on the subset pick them in the same order: for every m <= n,
// choose_pen(subset, m, seed) == choose_pen(all, m, seed), so a network trained on the subset is
// bit for bit the one trained on all of them (with that seed; another seed picks among the n).
DrawnImages shipped_pen_subset(const DrawnImages& all, int n, std::uint64_t seed);

// The pen digits this process trains with (the shipped asset once loaded; the command line's
// fold runs install each fold's own). Null until installed. Trainers read it in setup().
// capped: a config asking for more pen digits than these is refused (installed_pen_cap(); the
// shipped asset and --pen-data files); uncapped (a fold's pool): it fits all of them.
void install_pen_images(std::shared_ptr<const DrawnImages> images, bool capped = false);
std::shared_ptr<const DrawnImages> installed_pen_images();
// The most pen digits a config may ask for: the capped set's size, else kMaxPenTraining.
int installed_pen_cap();
// decode_pen_text of the text, installed capped. Errors: as decode_pen_text (nothing changes).
Status install_pen_text(const std::string& text);

}  // namespace bpl
