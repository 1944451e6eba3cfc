#include "cli/commands.hpp"

#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#ifdef __EMSCRIPTEN__
#include <emscripten.h>
#endif

#include "data/augment.hpp"
#include "data/pen.hpp"
#include "data/strokes_io.hpp"
#include "knn/knn.hpp"
#include "nn/gradcheck.hpp"
#include "nn/network.hpp"
#include "optim/optimizer_registry.hpp"
#include "train/config_json.hpp"
#include "train/model_io.hpp"
#include "train/trainer.hpp"

namespace bpl::cli {

namespace {

// Training-config flags: one per key of the config JSON (see src/train/config_json.hpp),
// spelled with dashes (--learning-rate for "learning_rate").
const FlagSpec kConfigFlags[] = {
    {"hidden", "N[,N...]", "units per hidden layer, e.g. 25 or 64,32 (1..1024 each; 'none' for no hidden layer)"},
    {"activation", "NAME", "hidden activation: sigmoid | tanh | relu"},
    {"output", "NAME", "output layer: sigmoid (per-class binary cross-entropy, Ng) | softmax (cross-entropy)"},
    {"lambda", "X", "L2 regularization strength (lambda/(2m) * sum of squared non-bias weights)"},
    {"optimizer", "NAME", optimizer_ids(" | ", " | ")},
    {"learning-rate", "X", "step size for sgd / momentum / adam"},
    {"batch-size", "N", "minibatch size for sgd / momentum / adam"},
    {"momentum", "X", "momentum coefficient (momentum optimizer)"},
    {"beta1", "X", "Adam first-moment decay"},
    {"beta2", "X", "Adam second-moment decay"},
    {"epsilon", "X", "Adam denominator guard"},
    {"lbfgs-memory", "N", "L-BFGS history pairs"},
    {"shuffle-seed", "N", "minibatch shuffle seed"},
    {"seed", "N", "weight initialization seed"},
    {"split-seed", "N", "train/validation/test shuffle seed"},
    {"train-fraction", "X", "fraction of the data used for training"},
    {"validation-fraction", "X", "fraction used for validation (test gets the rest)"},
    {"scaling", "NAME", "input scaling: divide16 | standardize (fit on the training split)"},
    {"max-iterations", "N", "CG/L-BFGS iterations, or epochs for the minibatch optimizers"},
    {"augment", "on|off", "also fit randomly distorted copies of the training images (see --augmentation)"},
    {"augmentation", "JSON", "distortion ranges, e.g. '{\"rotation\":15,\"shear\":0.15,\"scale\":0.15,\"shift\":0.6,\"thickness\":0,\"copies\":4,\"seed\":1}' (keys optional)"},
    {"early-stopping", "", "stop when validation loss stops improving"},
    {"patience", "N", "early stopping: points without improvement before stopping"},
    {"preset", "NAME", "start from a named preset: reader (the app's default) | notebook (64-25-10 sigmoid, lambda 1, CG); other flags apply on top"},
};

std::string key_of(const std::string& flag) {
  std::string k = flag;
  for (char& c : k)
    if (c == '-') c = '_';
  return k;
}

// Turns the config flags present in `a` into a partial config JSON, typed like the defaults.
// --preset NAME starts from that preset (src/train/presets.hpp) instead of `base`.
Result<TrainConfig> config_from_flags(const Args& a, const TrainConfig& base) {
  const nlohmann::json defaults = config_to_json(base);
  nlohmann::json j = nlohmann::json::object();
  if (a.has("preset")) j["preset"] = a.get("preset");
  for (const FlagSpec& f : kConfigFlags) {
    if (!a.has(f.name) || f.name == "preset") continue;
    const std::string key = key_of(f.name), text = a.get(f.name);
    const nlohmann::json& d = defaults[key];
    if (d.is_object()) {
      // a JSON object given as text (--augmentation '{"copies":2}')
      nlohmann::json obj;
      std::string err;
      if (!parse_json_text(text, &obj, &err)) return Status::Error("--" + f.name + " is not valid JSON: " + err);
      j[key] = obj;
    } else if (d.is_boolean()) {
      // a switch (--early-stopping) or an explicit on/off (--augment off)
      if (f.value.empty() || text == "on" || text == "true" || text == "1") j[key] = true;
      else if (text == "off" || text == "false" || text == "0") j[key] = false;
      else return Status::Error("--" + f.name + " must be on or off, got '" + text + "'");
    } else if (d.is_array()) {
      nlohmann::json arr = nlohmann::json::array();
      if (text != "none") {
        std::size_t pos = 0;
        while (pos <= text.size()) {
          std::size_t comma = text.find(',', pos);
          if (comma == std::string::npos) comma = text.size();
          long long v = 0;
          Status s = parse_int(f.name, text.substr(pos, comma - pos), -1000000, 1000000, &v);
          if (!s.ok()) return s;
          arr.push_back(v);
          pos = comma + 1;
        }
      }
      j[key] = arr;
    } else if (d.is_number_integer() || d.is_number_unsigned()) {
      long long v = 0;
      Status s = parse_int(f.name, text, -(1LL << 62), 1LL << 62, &v);
      if (!s.ok()) return s;
      j[key] = v;
    } else if (d.is_number()) {
      double v = 0;
      Status s = parse_double(f.name, text, &v);
      if (!s.ok()) return s;
      j[key] = v;
    } else {
      j[key] = text;
    }
  }
  return config_from_json(j, base);
}

void print_confusion(const ConfusionMatrix& cm) {
  std::printf("confusion matrix (rows: true digit, columns: predicted)\n     ");
  for (int k = 0; k < cm.cols(); ++k) std::printf("%5d", k);
  std::printf("\n");
  for (int r = 0; r < cm.rows(); ++r) {
    std::printf("  %d: ", r);
    for (int k = 0; k < cm.cols(); ++k) std::printf("%5d", cm(r, k));
    std::printf("\n");
  }
}

std::uint64_t fnv1a(const void* data, std::size_t n, std::uint64_t h = 1469598103934665603ull) {
  const unsigned char* p = static_cast<const unsigned char*>(data);
  for (std::size_t i = 0; i < n; ++i) h = (h ^ p[i]) * 1099511628211ull;
  return h;
}

// A trainer for the command line: no frames to keep responsive, so passes may be as large as
// the size limit allows.
Status setup_trainer(Trainer* t, const Dataset& data, const TrainConfig& cfg) {
  t->set_max_pass_work(kMaxPassWorkBatch);
  return t->setup(data, cfg);
}

// start_session, then a trainer set up on its data and config. Returns -1 to go on, else the
// exit code.
int start_training(const Command& cmd, int argc, char** argv, Session* a, Trainer* t) {
  if (const int code = start_session(cmd, argc, argv, a); code >= 0) return code;
  const Status s = setup_trainer(t, a->data, a->cfg);
  return s.ok() ? -1 : usage_error(cmd, s.message());
}

}  // namespace

std::vector<FlagSpec> with_config_flags(std::vector<FlagSpec> extra) {
  std::vector<FlagSpec> out(std::begin(kConfigFlags), std::end(kConfigFlags));
  out.insert(out.end(), extra.begin(), extra.end());
  return out;
}

bool wants_help(int argc, char** argv) {
  for (int i = 2; i < argc; ++i)
    if (!std::strcmp(argv[i], "--help") || !std::strcmp(argv[i], "-h")) return true;
  return false;
}

// Parses flags and config flags and loads the data. Returns -1 to go on, else the exit code.
int start_session(const Command& cmd, int argc, char** argv, Session* out, const TrainConfig& base) {
  if (wants_help(argc, argv)) return print_help(cmd), 0;
  Result<Args> a = Args::parse(cmd, argc, argv, 2);
  if (!a.ok()) return usage_error(cmd, a.message());
  Result<TrainConfig> cfg = config_from_flags(a.value, base);
  if (!cfg.ok()) return usage_error(cmd, cfg.message());
  Result<Dataset> data = load_data(a.value);
  if (!data.ok()) return std::fprintf(stderr, "backprop-lab %s: %s\n", cmd.name, data.message().c_str()), 1;
  // The real pen digits (augmentation.pen) the page trains with: the shipped asset.
  if (cfg.value.augmentation.pen > 0 && !installed_pen_images())
    if (Status s = install_pen_asset(a.value); !s.ok())
      return std::fprintf(stderr, "backprop-lab %s: %s\n", cmd.name, s.message().c_str()), 1;
  out->args = std::move(a.value);
  out->cfg = std::move(cfg.value);
  out->data = std::move(data.value);
  return -1;
}

std::string default_data_path() { return std::string(BPL_ASSETS_DIR) + "/digits.csv.gz"; }

#ifdef __EMSCRIPTEN__
// The WebAssembly build of the CLI runs under Node, which has zlib: gunzip there.
EM_JS(char*, bpl_node_gunzip, (const char* path), {
  try {
    var text = require('zlib').gunzipSync(require('fs').readFileSync(UTF8ToString(path))).toString('latin1');
    var n = lengthBytesUTF8(text) + 1;
    var p = _malloc(n);
    stringToUTF8(text, p, n);
    return p;
  } catch (e) {
    return 0;
  }
});
#endif

Result<Dataset> load_data(const Args& a) {
  const std::string path = a.get("data", default_data_path());
#ifdef __EMSCRIPTEN__
  if (path.size() > 3 && path.compare(path.size() - 3, 3, ".gz") == 0) {
    Result<std::string> text = read_maybe_gz(path);
    if (!text.ok()) return text.status;
    Result<Dataset> r = parse_digits(text.value);
    if (!r.ok()) return Status::Error(path + ": " + r.message());
    return r;
  }
#endif
  return load_digits_file(path);
}

Result<std::string> read_maybe_gz(const std::string& path) {
#ifdef __EMSCRIPTEN__
  if (path.size() > 3 && path.compare(path.size() - 3, 3, ".gz") == 0) {
    char* text = bpl_node_gunzip(path.c_str());
    if (!text) return Status::Error("cannot read or gunzip " + path);
    std::string out(text);
    std::free(text);
    return out;
  }
#endif
  return read_text_file(path);
}

std::string default_pen_path() { return std::string(BPL_ASSETS_DIR) + "/pen-digits.txt.gz"; }

Status install_pen_asset(const Args& a) {
  const std::string path = a.get("pen-data", default_pen_path());
  Result<std::string> text = read_maybe_gz(path);
  if (!text.ok()) return text.status;
  // A strokes JSON (the whole dev set, ../shared/data/pen-digits/unipen-dev.json.gz): rendered here.
  const bool json = path.find(".json") != std::string::npos;
  if (!json) {
    if (Status s = install_pen_text(text.value); !s.ok()) return Status::Error(path + ": " + s.message());
    return Status::Ok();
  }
  Result<std::vector<DrawnDigit>> digits = parse_drawn_digits(text.value);
  if (!digits.ok()) return Status::Error(path + ": " + digits.message());
  Result<DrawnImages> r = render_pen(digits.value);
  if (!r.ok()) return Status::Error(path + ": " + r.message());
  install_pen_images(std::make_shared<const DrawnImages>(std::move(r.value)), true);
  return Status::Ok();
}

int cmd_train(int argc, char** argv) {
  const Command cmd{"train",
                    "Trains a network on the digits with the given configuration (defaults: the notebook's "
                    "recipe - sigmoid units and outputs, lambda = 1, conjugate gradient - with 64 hidden units, "
                    "200 iterations, training images augmented by 4 randomly distorted copies; --preset reader is the app's "
                    "default network), prints progress per iteration or "
                    "epoch and the final train/validation/test accuracy, and saves a model file.",
                    with_config_flags({{"data", "PATH", "digits CSV (.csv or .csv.gz); default: the shipped assets"},
                                       {"pen-data", "PATH", "pen digits: a pen-digits text (default: the shipped assets' 1,000) or a strokes JSON such as ../shared/data/pen-digits/unipen-dev.json.gz (all of its digits, rendered by the Sketch pad's pipeline)"},
                                       {"out", "PATH", "model file to write (default: model.json)"},
                                       {"no-save", "", "do not write a model file"},
                                       {"quiet", "", "print only the final figures"},
                                       {"help", "", "show this help"}})};
  Session a;
  Trainer t;
  if (const int code = start_training(cmd, argc, argv, &a, &t); code >= 0) return code;
  const bool quiet = a.args.has("quiet");
  const bool mb = is_minibatch(a.cfg.optim.kind);
  std::printf("training %s, lambda %g, %s, %lld parameters on %zu/%zu/%zu train/validation/test images\n",
              a.cfg.arch.describe().c_str(), a.cfg.lambda, to_string(a.cfg.optim.kind),
              static_cast<long long>(a.cfg.arch.param_count()), t.split().train.size(),
              t.split().validation.size(), t.split().test.size());
  std::size_t printed = t.history().size();
  for (bool running = true; running;) {
    running = t.step();
    if (!quiet && t.history().size() > printed) {
      const HistoryPoint& p = t.history().back();
      std::printf("%s %4d  cost %.5f  train loss %.4f acc %.2f%%  val loss %.4f acc %.2f%%\n", mb ? "epoch" : "iter ",
                  mb ? int(std::lround(p.epoch)) : p.iteration, p.cost, p.train.loss, 100 * p.train.accuracy,
                  p.validation.loss, 100 * p.validation.accuracy);
      printed = t.history().size();
    }
  }
  const Metrics tr = t.evaluate(Subset::Train), va = t.evaluate(Subset::Validation), te = t.evaluate(Subset::Test);
  std::printf("stopped: %s after %d %s, %lld f/g evaluations, %.1f ms\n", to_string(t.stop_reason()),
              mb ? int(std::lround(t.epoch())) : t.iteration(), mb ? "epochs" : "iterations", t.evaluations(),
              t.elapsed_ms());
  std::printf("final accuracy: train %.2f%%  validation %.2f%%  test %.2f%%\n", 100 * tr.accuracy, 100 * va.accuracy,
              100 * te.accuracy);
  if (!a.args.has("no-save")) {
    const std::string out = a.args.get("out", "model.json");
    Status w = save_model_file(out, t.net(), t.scaler(), t.config());
    if (!w.ok()) return std::fprintf(stderr, "backprop-lab train: %s\n", w.message().c_str()), 1;
    std::printf("saved %s\n", out.c_str());
  }
  return 0;
}

int cmd_eval(int argc, char** argv) {
  const Command cmd{"eval",
                    "Loads a model file and reports loss and accuracy on the train/validation/test split it was "
                    "trained with, plus the test confusion matrix and per-class accuracy.",
                    {{"model", "PATH", "model file written by 'train' (required)"},
                     {"data", "PATH", "digits CSV (.csv or .csv.gz); default: the shipped assets"},
                     {"help", "", "show this help"}}};
  if (wants_help(argc, argv)) return print_help(cmd), 0;
  Result<Args> a = Args::parse(cmd, argc, argv, 2);
  if (!a.ok()) return usage_error(cmd, a.message());
  if (!a.value.has("model")) return usage_error(cmd, "--model PATH is required");
  Result<LoadedModel> m = load_model_file(a.value.get("model"));
  if (!m.ok()) return std::fprintf(stderr, "backprop-lab eval: %s\n", m.message().c_str()), 1;
  Result<Dataset> data = load_data(a.value);
  if (!data.ok()) return std::fprintf(stderr, "backprop-lab eval: %s\n", data.message().c_str()), 1;
  Trainer t;
  Status s = setup_trainer(&t, data.value, m.value.config);
  if (!s.ok()) return std::fprintf(stderr, "backprop-lab eval: %s\n", s.message().c_str()), 1;
  t.net().theta() = m.value.theta;
  std::printf("model: %s\n", m.value.config.arch.describe().c_str());
  for (Subset sub : {Subset::Train, Subset::Validation, Subset::Test}) {
    const Metrics r = t.evaluate(sub);
    std::printf("%-10s loss %.4f  accuracy %.2f%%  (%zu images)\n", to_string(sub), r.loss, 100 * r.accuracy,
                t.y(sub).size());
  }
  const ConfusionMatrix cm = t.confusion(Subset::Test);
  print_confusion(cm);
  const std::vector<double> pc = per_class_accuracy(cm);
  std::printf("per-class test accuracy:");
  for (std::size_t k = 0; k < pc.size(); ++k) std::printf(" %zu:%.1f%%", k, 100 * pc[k]);
  std::printf("\n");
  return 0;
}

int cmd_gradcheck(int argc, char** argv) {
  const Command cmd{"gradcheck",
                    "Compares the backprop gradient with central differences in double precision on a few "
                    "training images, for the given architecture, and prints the max relative error.",
                    with_config_flags({{"samples", "N", "images used (default 20)"},
                                       {"data", "PATH", "digits CSV; default: the shipped assets"},
                                       {"help", "", "show this help"}})};
  Session a;
  if (const int code = start_session(cmd, argc, argv, &a); code >= 0) return code;
  long long n = 20;
  if (a.args.has("samples")) {
    Status s = parse_int("samples", a.args.get("samples"), 1, 1797, &n);
    if (!s.ok()) return usage_error(cmd, s.message());
  }
  n = std::min<long long>(n, a.data.size());
  const MatD X = a.data.X.leftCols(n) / 16.0;
  const std::vector<int> y(a.data.y.begin(), a.data.y.begin() + n);
  const MatD Y = one_hot<double>(y, kClasses);
  VecD theta(a.cfg.arch.param_count());
  init_uniform<double>(a.cfg.arch, a.cfg.init_seed, theta);
  const GradCheckResult r = gradient_check(a.cfg.arch, theta, X, Y, a.cfg.lambda);
  std::printf("%s, lambda %g, %lld images, %lld parameters\nmax relative error %.3e at parameter %lld "
              "(backprop %.6e, numeric %.6e)\n",
              a.cfg.arch.describe().c_str(), a.cfg.lambda, n,
              static_cast<long long>(a.cfg.arch.param_count()), r.max_rel_error,
              static_cast<long long>(r.worst_index), r.analytic, r.numeric);
  const bool ok = r.max_rel_error < 1e-7;
  std::printf("%s\n", ok ? "PASS (< 1e-7)" : "FAIL (>= 1e-7)");
  return ok ? 0 : 1;
}

int cmd_knn_cv(int argc, char** argv) {
  const Command cmd{"knn-cv",
                    "k-nearest-neighbours (Euclidean, raw 0..16 pixels) with k-fold cross-validation for "
                    "k = 1..k-max; by default unshuffled 4-fold CV in file order, as in the notebook.",
                    {{"folds", "N", "number of folds (default 4)"},
                     {"k-max", "N", "largest k (default 15)"},
                     {"stratified", "", "shuffled stratified folds instead of contiguous ones"},
                     {"seed", "N", "shuffle seed for --stratified (default 42)"},
                     {"data", "PATH", "digits CSV; default: the shipped assets"},
                     {"help", "", "show this help"}}};
  if (wants_help(argc, argv)) return print_help(cmd), 0;
  Result<Args> a = Args::parse(cmd, argc, argv, 2);
  if (!a.ok()) return usage_error(cmd, a.message());
  KnnCvConfig cfg;
  long long v = 0;
  if (a.value.has("folds")) {
    Status s = parse_int("folds", a.value.get("folds"), 2, 1797, &v);
    if (!s.ok()) return usage_error(cmd, s.message());
    cfg.folds = static_cast<int>(v);
  }
  if (a.value.has("k-max")) {
    Status s = parse_int("k-max", a.value.get("k-max"), 1, 100, &v);
    if (!s.ok()) return usage_error(cmd, s.message());
    cfg.k_max = static_cast<int>(v);
  }
  if (a.value.has("stratified")) cfg.scheme = FoldScheme::StratifiedShuffled;
  if (a.value.has("seed")) {
    Status s = parse_int("seed", a.value.get("seed"), 0, 1LL << 62, &v);
    if (!s.ok()) return usage_error(cmd, s.message());
    cfg.seed = static_cast<std::uint64_t>(v);
  }
  Result<Dataset> data = load_data(a.value);
  if (!data.ok()) return std::fprintf(stderr, "backprop-lab knn-cv: %s\n", data.message().c_str()), 1;
  Result<KnnCvResult> r = knn_cross_validate(data.value.X, data.value.y, cfg);
  if (!r.ok()) return usage_error(cmd, r.message());
  std::printf("%d-fold CV (%s), %lld images\n  k  mean accuracy  per fold\n", cfg.folds,
              cfg.scheme == FoldScheme::StratifiedShuffled ? "stratified, shuffled" : "contiguous, file order",
              static_cast<long long>(data.value.size()));
  int best = 1;
  for (int k = 1; k <= cfg.k_max; ++k) {
    const std::size_t i = static_cast<std::size_t>(k - 1);
    std::printf(" %2d  %.4f        ", k, r.value.mean_accuracy[i]);
    for (const std::vector<double>& f : r.value.fold_accuracy) std::printf(" %.4f", f[i]);
    std::printf("\n");
    if (r.value.mean_accuracy[i] > r.value.mean_accuracy[static_cast<std::size_t>(best - 1)]) best = k;
  }
  std::printf("best k = %d (mean accuracy %.4f)\n", best, r.value.mean_accuracy[static_cast<std::size_t>(best - 1)]);
  return 0;
}

int cmd_digits_asset(int argc, char** argv) {
  const Command cmd{"digits-asset",
                    "Prints the digits in the compact form the site downloads (src/data/dataset.hpp's "
                    "encode_digits_text: a line per pixel, a letter per image): zopfli or gzip -9n the output into "
                    "assets/digits.txt.gz. The unit tests check that it holds the same images as assets/digits.csv.gz.",
                    {{"data", "PATH", "the digits (CSV or compact, optionally .gz); default: the shipped assets"},
                     {"help", "", "show this help"}}};
  if (wants_help(argc, argv)) return print_help(cmd), 0;
  Result<Args> a = Args::parse(cmd, argc, argv, 2);
  if (!a.ok()) return usage_error(cmd, a.message());
  Result<Dataset> d = load_data(a.value);
  if (!d.ok()) return std::fprintf(stderr, "backprop-lab digits-asset: %s\n", d.message().c_str()), 1;
  std::fputs(encode_digits_text(d.value, digits_asset_comments()).c_str(), stdout);
  return 0;
}

int cmd_fingerprint(int argc, char** argv) {
  const Command cmd{"fingerprint",
                    "Prints FNV-1a hashes of the seeded split, of the initial float weights, of the drawn-style "
                    "digits and of one augmented epoch (the distorted training images) for the given configuration. The same command under Node (WebAssembly) must print the same lines.",
                    with_config_flags({{"data", "PATH", "digits CSV; default: the shipped assets"},
                                       {"pen-data", "PATH", "pen digits: a pen-digits text (default: the shipped assets' 1,000) or a strokes JSON such as ../shared/data/pen-digits/unipen-dev.json.gz (all of its digits, rendered by the Sketch pad's pipeline)"},
                                       {"pen-sample", "PATH", "real writers' strokes to render; default: tests/fixtures/pen_sample.json"},
                                       {"help", "", "show this help"}})};
  Session a;
  Trainer t;
  if (const int code = start_training(cmd, argc, argv, &a, &t); code >= 0) return code;
  const Split& sp = t.split();
  std::printf("split train %016" PRIx64 "\n", fnv1a(sp.train.data(), sp.train.size() * sizeof(int)));
  std::printf("split validation %016" PRIx64 "\n", fnv1a(sp.validation.data(), sp.validation.size() * sizeof(int)));
  std::printf("split test %016" PRIx64 "\n", fnv1a(sp.test.data(), sp.test.size() * sizeof(int)));
  const VecF& th = t.net().theta();
  std::printf("init weights %016" PRIx64 " (%lld floats)\n",
              fnv1a(th.data(), static_cast<std::size_t>(th.size()) * sizeof(float)), static_cast<long long>(th.size()));
  // The drawn-style digits (data/drawn.hpp; the config's count, or two of each skeleton when it
  // has none): strokes and rasterization are plain IEEE arithmetic on the seeded RNG.
  const AugmentConfig& ac = a.cfg.augmentation;
  const DrawnImages drawn = drawn_images(ac.drawn > 0 ? ac.drawn : 2 * drawn_shape_count(), ac.seed);
  std::printf("augmented drawn digits %016" PRIx64 " (%lld images)\n",
              fnv1a(drawn.X.data(), static_cast<std::size_t>(drawn.X.size()) * sizeof(double)),
              static_cast<long long>(drawn.X.cols()));
  // One augmented epoch (epoch 1's distortions of the training split and the config's drawn
  // digits, as doubles): the distortions must match bit for bit too.
  MatD base = gather_columns(a.data.X, sp.train);
  if (ac.drawn > 0) append_drawn(drawn, &base, nullptr);
  const MatD aug = augment_epoch(base, ac, 1);
  std::printf("augmented epoch %016" PRIx64 " (%lld images)\n",
              fnv1a(aug.data(), static_cast<std::size_t>(aug.size()) * sizeof(double)), static_cast<long long>(aug.cols()));
  // The real pen digits (data/pen.hpp): the shipped asset's seeded choice (the config's count, or
  // 500), and the committed sample of real writers' strokes rendered by the pad's pipeline here.
  if (!installed_pen_images())
    if (Status s = install_pen_asset(a.args); !s.ok())
      return std::fprintf(stderr, "backprop-lab fingerprint: %s\n", s.message().c_str()), 1;
  const DrawnImages pen = choose_pen(*installed_pen_images(), ac.pen > 0 ? ac.pen : 500, ac.seed);
  std::printf("pen digits %016" PRIx64 " (%lld images)\n",
              fnv1a(pen.X.data(), static_cast<std::size_t>(pen.X.size()) * sizeof(double)),
              static_cast<long long>(pen.X.cols()));
  const std::string sample_path = a.args.get("pen-sample", std::string(BPL_ASSETS_DIR) + "/../tests/fixtures/pen_sample.json");
  Result<std::string> sample_text = read_text_file(sample_path);
  Result<std::vector<DrawnDigit>> sample = sample_text.ok() ? parse_drawn_digits(sample_text.value)
                                                            : Result<std::vector<DrawnDigit>>(sample_text.status);
  Result<DrawnImages> rendered = sample.ok() ? render_pen(sample.value) : Result<DrawnImages>(sample.status);
  if (!rendered.ok())
    return std::fprintf(stderr, "backprop-lab fingerprint: %s: %s\n", sample_path.c_str(), rendered.message().c_str()), 1;
  std::printf("pen rendered %016" PRIx64 " (%lld images)\n",
              fnv1a(rendered.value.X.data(), static_cast<std::size_t>(rendered.value.X.size()) * sizeof(double)),
              static_cast<long long>(rendered.value.X.cols()));
  // Two steps of training too: the arithmetic itself, not only the RNG.
  for (int i = 0; i < 2; ++i) t.step();
  std::printf("after 2 steps cost %.6f\n", double(t.last_cost()));
  return 0;
}

}  // namespace bpl::cli
