// `backprop-lab read`: reads drawn digits (a strokes JSON, src/data/strokes_io.hpp) the way the
// Sketch pad does - strokes -> 32x32 -> 8x8 counts (src/data/sketch.hpp) -> the network - and
// prints what was read, the score per style and every misread. The network is trained here
// (the app's default preset unless flags say otherwise) or loaded with --model.
//
// This is how the sketch pipeline and the presets are chosen on the VALIDATION strokes
// (tests/fixtures/strokes_validation.json); the test strokes (tests/browser/strokes.json) are
// drawn through the page by tests/browser/strokes.test.mjs and only measured.
#include <algorithm>
#include <array>
#include <memory>
#include <cstdio>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "data/pen.hpp"
#include "data/sketch.hpp"
#include "data/strokes_io.hpp"
#include "train/model_io.hpp"
#include "train/presets.hpp"
#include "train/reading.hpp"

namespace bpl::cli {

namespace {

// The pad's pipeline and the page's reading (train/reading.hpp: the same "unsure" rule).
Reading read_one(Trainer& t, const DrawnDigit& d, const SketchParams& sp, Image8* counts, Status* err) {
  Result<SketchResult> s = preprocess(d.strokes, sp);
  if (!s.ok()) {
    *err = s.status;
    return Reading();
  }
  *counts = s.value.counts;
  return read_outputs(t.predict_raw(s.value.pixels));
}

void print_counts(const Image8& c) {
  for (int row = 0; row < 8; ++row) {
    std::printf("      ");
    for (int col = 0; col < 8; ++col) std::printf("%3d", c[static_cast<std::size_t>(row * 8 + col)]);
    std::printf("\n");
  }
}

Status sketch_params_from(const Args& a, SketchParams* sp) {
  if (a.has("frame-width"))
    if (Status s = parse_double("frame-width", a.get("frame-width"), &sp->frame_width_px); !s.ok()) return s;
  if (a.has("max-stretch"))
    if (Status s = parse_double("max-stretch", a.get("max-stretch"), &sp->max_stretch); !s.ok()) return s;
  if (a.has("max-pen"))
    if (Status s = parse_double("max-pen", a.get("max-pen"), &sp->max_thickness_px); !s.ok()) return s;
  if (a.has("coverage"))
    if (Status s = parse_double("coverage", a.get("coverage"), &sp->target_coverage); !s.ok()) return s;
  return sp->validate();
}

// Trains (or loads --model into) `t`. Returns an empty string or the error.
std::string prepare_network(const Session& a, Trainer* t) {
  t->set_max_pass_work(kMaxPassWorkBatch);
  if (a.args.has("model")) {
    Result<LoadedModel> m = load_model_file(a.args.get("model"));
    if (!m.ok()) return m.message();
    if (Status s = t->setup(a.data, m.value.config); !s.ok()) return s.message();
    t->net().theta() = m.value.theta;
    return "";
  }
  if (Status s = t->setup(a.data, a.cfg); !s.ok()) return s.message();
  while (t->step()) {
  }
  return "";
}

// 0..16 as a shade, so an 8x8 image reads as a picture in a terminal.
char shade(int v) {
  static const char kShades[] = " .:-=+*#%@";
  return kShades[std::clamp(v, 0, 16) * 9 / 16];
}

// Images side by side: each 8 shades wide between bars, a caption above.
void print_images(const std::vector<Image8>& imgs, const std::vector<std::string>& captions) {
  for (std::size_t i = 0; i < imgs.size(); ++i) std::printf("  %-12.12s", captions[i].c_str());
  std::printf("\n");
  for (int row = 0; row < 8; ++row) {
    for (const Image8& c : imgs) {
      std::printf("  |");
      for (int col = 0; col < 8; ++col) std::printf("%c", shade(c[static_cast<std::size_t>(row * 8 + col)]));
      std::printf("|  ");
    }
    std::printf("\n");
  }
}

struct FoldTally {
  int right = 0, total = 0;
  ConfusionMatrix confusion = ConfusionMatrix::Zero(kClasses, kClasses);
  std::map<std::string, std::pair<int, int>> by_source;   // style -> (right, total)
  std::vector<std::pair<float, bool>> confidence;         // (top probability, read right)
};

void print_unsure_table(const FoldTally& t) {
  std::printf("unsure flag (top probability below the threshold), writer-independent:\n");
  std::printf("  threshold  misreads flagged      right answers flagged\n");
  const float thresholds[] = {0.5f, 0.6f, 0.7f, 0.8f, 0.85f, 0.9f, 0.95f};
  for (float th : thresholds) {
    int wrong = 0, wrong_flagged = 0, right = 0, right_flagged = 0;
    for (const auto& [p, ok] : t.confidence) {
      (ok ? right : wrong) += 1;
      if (p < th) (ok ? right_flagged : wrong_flagged) += 1;
    }
    std::printf("  %4.2f%s     %5d/%-5d = %5.1f%%    %5d/%-5d = %5.1f%%\n", th, th == kUnsureBelow ? "*" : " ",
                wrong_flagged, wrong, wrong ? 100.0 * wrong_flagged / wrong : 0.0, right_flagged, right,
                right ? 100.0 * right_flagged / right : 0.0);
  }
  std::printf("  (* the page's threshold, kUnsureBelow in src/train/reading.hpp)\n");
}

void print_tally(const FoldTally& t) {
  std::printf("per class (writer-independent):\n");
  for (int k = 0; k < kClasses; ++k) {
    const int n = t.confusion.row(k).sum();
    std::printf("  %d: %4d/%-4d = %5.1f%%\n", k, t.confusion(k, k), n, n ? 100.0 * t.confusion(k, k) / n : 0.0);
  }
  std::printf("per source:\n");
  for (const auto& [src, rt] : t.by_source)
    std::printf("  %-8s %4d/%-4d = %5.1f%%\n", src.c_str(), rt.first, rt.second, 100.0 * rt.first / rt.second);
  std::printf("confusion matrix (rows: true digit, columns: read as)\n     ");
  for (int k = 0; k < kClasses; ++k) std::printf("%5d", k);
  std::printf("\n");
  for (int r = 0; r < kClasses; ++r) {
    std::printf("  %d: ", r);
    for (int k = 0; k < kClasses; ++k) std::printf("%5d", t.confusion(r, k));
    std::printf("\n");
  }
  print_unsure_table(t);
}

// The writer-independent evaluation: K folds by writer; for each, a network trained on the UCI
// training split plus augmentation.pen of the OTHER folds' digits (rendered by the pad's
// pipeline with `sp`) reads the fold's writers through the same pipeline.
int read_by_writer(const Session& a, const SketchParams& sp, const std::vector<DrawnDigit>& digits) {
  long long k = 0, fold_seed = 1, show = 0;
  if (Status s = parse_int("folds", a.args.get("folds"), 2, 100, &k); !s.ok())
    return std::fprintf(stderr, "backprop-lab read: %s\n", s.message().c_str()), 2;
  if (a.args.has("fold-seed"))
    if (Status s = parse_int("fold-seed", a.args.get("fold-seed"), 0, 1LL << 62, &fold_seed); !s.ok())
      return std::fprintf(stderr, "backprop-lab read: %s\n", s.message().c_str()), 2;
  if (a.args.has("show"))
    if (Status s = parse_int("show", a.args.get("show"), 0, 100000, &show); !s.ok())
      return std::fprintf(stderr, "backprop-lab read: %s\n", s.message().c_str()), 2;
  Result<DrawnImages> rendered = render_pen(digits, sp);
  if (!rendered.ok()) return std::fprintf(stderr, "backprop-lab read: %s\n", rendered.message().c_str()), 1;
  const std::vector<int> fold = writer_folds(digits, static_cast<int>(k), static_cast<std::uint64_t>(fold_seed));
  std::printf("writer-independent: %lld folds by writer, %zu digits; training: %s, %d pen digits of the other folds\n",
              k, digits.size(), matching_preset(a.cfg).c_str(), a.cfg.augment ? a.cfg.augmentation.pen : 0);
  std::printf("sketch: frame width %g px, max stretch %g, pen %g..%g px, coverage %g\n", sp.frame_width_px,
              sp.max_stretch, sp.min_thickness_px, sp.max_thickness_px, sp.target_coverage);
  FoldTally all;
  std::vector<Image8> shown;
  std::vector<std::string> captions;
  const std::shared_ptr<const DrawnImages> before = installed_pen_images();
  for (int f = 0; f < k; ++f) {
    auto train = std::make_shared<DrawnImages>();
    std::vector<Index> held;
    std::vector<Index> others;
    for (std::size_t i = 0; i < digits.size(); ++i) (fold[i] == f ? held : others).push_back(static_cast<Index>(i));
    if (held.empty()) continue;
    train->X.resize(kPixels, static_cast<Index>(others.size()));
    for (std::size_t j = 0; j < others.size(); ++j) {
      train->X.col(static_cast<Index>(j)) = rendered.value.X.col(others[j]);
      train->y.push_back(rendered.value.y[static_cast<std::size_t>(others[j])]);
    }
    install_pen_images(train);
    Trainer t;
    t.set_max_pass_work(kMaxPassWorkBatch);
    if (Status s = t.setup(a.data, a.cfg); !s.ok())
      return std::fprintf(stderr, "backprop-lab read: %s\n", s.message().c_str()), 1;
    while (t.step()) {
    }
    FoldTally ft;
    for (Index i : held) {
      const DrawnDigit& d = digits[static_cast<std::size_t>(i)];
      const Reading r = read_outputs(t.predict_raw(rendered.value.X.col(i)));
      const bool ok = r.digit == d.label;
      for (FoldTally* tt : {&ft, &all}) {
        tt->right += ok;
        tt->total += 1;
        tt->confusion(d.label, std::max(r.digit, 0)) += 1;
        auto& src = tt->by_source[d.style];
        src.first += ok, src.second += 1;
        tt->confidence.emplace_back(r.confidence, ok);
      }
      if (!ok && static_cast<long long>(shown.size()) < show) {
        Image8 c{};
        for (int p = 0; p < kPixels; ++p) c[static_cast<std::size_t>(p)] = static_cast<int>(rendered.value.X(p, i));
        shown.push_back(c);
        char cap[64];
        std::snprintf(cap, sizeof cap, "%d>%d %.2f%s", d.label, r.digit, r.confidence, r.unsure ? "?" : "");
        captions.emplace_back(cap);
      }
    }
    // UCI validation (not test): what the presets are chosen by (src/train/presets.md).
    std::printf("fold %d: %zu writers' digits, read right %d/%d = %.1f%%; UCI validation %.2f%%\n", f, held.size(),
                ft.right, ft.total, 100.0 * ft.right / ft.total, 100 * t.evaluate(Subset::Validation).accuracy);
    std::fflush(stdout);
  }
  install_pen_images(before);
  print_tally(all);
  for (std::size_t i = 0; i < shown.size(); i += 6) {
    const std::size_t e = std::min(shown.size(), i + 6);
    print_images({shown.begin() + static_cast<long>(i), shown.begin() + static_cast<long>(e)},
                 {captions.begin() + static_cast<long>(i), captions.begin() + static_cast<long>(e)});
  }
  std::printf("writer-independent read right: %d/%d = %.1f%%\n", all.right, all.total, 100.0 * all.right / all.total);
  return 0;
}

}  // namespace

int cmd_pen_asset(int argc, char** argv) {
  const Command cmd{"pen-asset",
                    "Renders real pen digits (a strokes JSON) through the Sketch pad's pipeline and prints them in the "
                    "pen-digits text format (src/data/pen.hpp) the default network trains with: gzip -9n the output into "
                    "assets/pen-digits.txt.gz. By default the site's subset (shipped_pen_subset: the 1,000 digits the "
                    "default seed picks, the same network bit for bit); --all prints every digit.",
                    {{"strokes", "PATH", "the digits as strokes JSON (required)"},
                     {"exclude", "PATH", "a strokes JSON whose writers (style, variant) are left out (the test sample's)"},
                     {"choose", "N", "how many digits the subset holds (default 1000, the page's augmentation.pen)"},
                     {"seed", "N", "the augmentation seed the subset is chosen with (default 1, the presets')"},
                     {"all", "", "every digit, not the subset"},
                     {"help", "", "show this help"}}};
  if (wants_help(argc, argv)) return print_help(cmd), 0;
  Result<Args> a = Args::parse(cmd, argc, argv, 2);
  if (!a.ok()) return usage_error(cmd, a.message());
  if (!a.value.has("strokes")) return usage_error(cmd, "--strokes PATH is required");
  Result<std::string> text = read_text_file(a.value.get("strokes"));
  if (!text.ok()) return std::fprintf(stderr, "backprop-lab pen-asset: %s\n", text.message().c_str()), 1;
  Result<std::vector<DrawnDigit>> digits = parse_drawn_digits(text.value);
  if (!digits.ok()) return std::fprintf(stderr, "backprop-lab pen-asset: %s\n", digits.message().c_str()), 1;
  std::vector<DrawnDigit> kept = std::move(digits.value);
  if (a.value.has("exclude")) {
    Result<std::string> ex_text = read_text_file(a.value.get("exclude"));
    if (!ex_text.ok()) return std::fprintf(stderr, "backprop-lab pen-asset: %s\n", ex_text.message().c_str()), 1;
    Result<std::vector<DrawnDigit>> ex = parse_drawn_digits(ex_text.value);
    if (!ex.ok()) return std::fprintf(stderr, "backprop-lab pen-asset: %s\n", ex.message().c_str()), 1;
    std::set<std::pair<std::string, std::string>> writers;
    for (const DrawnDigit& d : ex.value) writers.emplace(d.style, d.variant);
    kept.erase(std::remove_if(kept.begin(), kept.end(),
                              [&](const DrawnDigit& d) { return writers.count({d.style, d.variant}) > 0; }),
               kept.end());
  }
  long long n = kShippedPen, seed = static_cast<long long>(kShippedPenSeed);
  if (a.value.has("choose"))
    if (Status s = parse_int("choose", a.value.get("choose"), 1, kMaxPenTraining, &n); !s.ok()) return usage_error(cmd, s.message());
  if (a.value.has("seed"))
    if (Status s = parse_int("seed", a.value.get("seed"), 0, 1000000000, &seed); !s.ok()) return usage_error(cmd, s.message());
  Result<DrawnImages> r = render_pen(kept);
  if (!r.ok()) return std::fprintf(stderr, "backprop-lab pen-asset: %s\n", r.message().c_str()), 1;
  if (a.value.has("all")) {
    std::fputs(encode_pen_text(r.value, pen_asset_header()).c_str(), stdout);
    return 0;
  }
  const std::uint64_t s64 = static_cast<std::uint64_t>(seed);
  std::fputs(encode_pen_text(shipped_pen_subset(r.value, static_cast<int>(n), s64),
                             pen_subset_header(r.value.X.cols(), static_cast<int>(n), s64)).c_str(), stdout);
  return 0;
}

int cmd_read(int argc, char** argv) {
  const Command cmd{"read",
                    "Reads drawn digits the way the Sketch pad does (strokes -> 32x32 -> 8x8 counts -> the network) "
                    "and prints the score, the score per style and every misread. The network is the app's default "
                    "preset trained here, or the config flags' network, or --model's.",
                    with_config_flags({{"strokes", "PATH", "drawn digits as JSON: {\"digits\":[{\"label\":6,\"style\":\"...\","
                                                           "\"strokes\":[[[x,y],...],...]},...]} (required)"},
                                       {"model", "PATH", "read with this model file instead of training"},
                                       {"frame-width", "PX", "sketch: width of the ink box in the 32x32 frame (default 20)"},
                                       {"max-stretch", "X", "sketch: most one axis is stretched relative to the other (default 2.5)"},
                                       {"max-pen", "PX", "sketch: thickest pen the adaptive rule may use, in frame pixels (default 10)"},
                                       {"coverage", "X", "sketch: wanted ink coverage of the 32x32 bitmap (default 0.305)"},
                                       {"verbose", "", "print the 8x8 counts of every misread"},
                                       {"folds", "K", "writer-independent: K folds by writer (style, variant); each fold's writers are "
                                                      "read by a network trained on the UCI training split plus the other folds' digits "
                                                      "(augmentation.pen of them, e.g. --augmentation '{\"pen\":2000}')"},
                                       {"fold-seed", "N", "with --folds: the seed that deals the writers to the folds (default 1)"},
                                       {"show", "N", "with --folds: draw the first N misreads as 8x8 text images (default 0)"},
                                       {"pen-data", "PATH", "pen digits: a pen-digits text (default: the shipped assets' 1,000) or a strokes JSON such as ../shared/data/pen-digits/unipen-dev.json.gz (all of its digits, rendered by the Sketch pad's pipeline)"},
                                       {"data", "PATH", "digits CSV (.csv or .csv.gz); default: the shipped assets"},
                                       {"help", "", "show this help"}})};
  Session a;
  if (const int code = start_session(cmd, argc, argv, &a, default_preset().config); code >= 0) return code;
  if (!a.args.has("strokes")) return usage_error(cmd, "--strokes PATH is required");
  SketchParams sp;
  if (Status s = sketch_params_from(a.args, &sp); !s.ok()) return usage_error(cmd, s.message());
  Result<std::string> text = read_text_file(a.args.get("strokes"));
  if (!text.ok()) return std::fprintf(stderr, "backprop-lab read: %s\n", text.message().c_str()), 1;
  Result<std::vector<DrawnDigit>> digits = parse_drawn_digits(text.value);
  if (!digits.ok())
    return std::fprintf(stderr, "backprop-lab read: %s: %s\n", a.args.get("strokes").c_str(), digits.message().c_str()), 1;

  if (a.args.has("folds")) return read_by_writer(a, sp, digits.value);
  Trainer t;
  if (const std::string e = prepare_network(a, &t); !e.empty())
    return std::fprintf(stderr, "backprop-lab read: %s\n", e.c_str()), 1;
  std::printf("network: %s (%s), validation accuracy %.2f%%\n", t.config().arch.describe().c_str(),
              matching_preset(t.config()).c_str(), 100 * t.evaluate(Subset::Validation).accuracy);
  std::printf("sketch: frame width %g px, max stretch %g, pen %g..%g px, coverage %g\n", sp.frame_width_px,
              sp.max_stretch, sp.min_thickness_px, sp.max_thickness_px, sp.target_coverage);

  std::map<std::string, std::pair<int, int>> by_style;   // style -> (right, total)
  int right = 0;
  const bool verbose = a.args.has("verbose");
  for (std::size_t i = 0; i < digits.value.size(); ++i) {
    const DrawnDigit& d = digits.value[i];
    Image8 counts{};
    Status err;
    const Reading r = read_one(t, d, sp, &counts, &err);
    if (!err.ok()) return std::fprintf(stderr, "backprop-lab read: digit %zu: %s\n", i, err.message().c_str()), 1;
    const bool ok = r.digit == d.label;
    right += ok;
    auto& st = by_style[d.style];
    st.first += ok, st.second += 1;
    if (ok) continue;
    std::printf("  misread #%zu: %d (%s, %s) read as %d p=%.2f, then %d p=%.2f%s\n", i, d.label, d.style.c_str(),
                d.variant.c_str(), r.digit, r.confidence, r.candidates[1], r.candidate_p[1],
                r.unsure ? " (unsure)" : "");
    if (verbose) print_counts(counts);
  }
  for (const auto& [style, rt] : by_style)
    std::printf("  %-32s %d/%d\n", style.c_str(), rt.first, rt.second);
  const int n = static_cast<int>(digits.value.size());
  std::printf("read right: %d/%d = %.1f%%\n", right, n, 100.0 * right / n);
  return 0;
}

}  // namespace bpl::cli
