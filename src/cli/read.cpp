// `backprop-lab read`: reads drawn digits (a strokes JSON, src/data/strokes_io.hpp) the way the
// Sketch pad does - strokes -> 32x32 -> 8x8 counts (src/data/sketch.hpp) -> the network - and
// prints what was read, the score per style and every misread. The network is trained here
// (the app's default preset unless flags say otherwise) or loaded with --model.
//
// This is how the sketch pipeline and the presets are chosen on the VALIDATION strokes
// (tests/fixtures/strokes_validation.json); the test strokes (tests/browser/strokes.json) are
// drawn through the page by tests/browser/strokes.test.mjs and only measured.
#include <algorithm>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "cli/commands.hpp"
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

}  // namespace

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
