#include "train/config_json.hpp"

#include "train/presets.hpp"

#include <climits>
#include <cmath>
#include <cstring>

#include "data/pen.hpp"
#include "optim/optimizer_registry.hpp"

namespace bpl {

using nlohmann::json;

// ---------------------------------------------------------------- helpers

namespace {

// Records the first parse error; accepts everything else (used only to explain a failed parse).
struct ErrorSax {
  std::string message;
  bool null() { return true; }
  bool boolean(bool) { return true; }
  bool number_integer(json::number_integer_t) { return true; }
  bool number_unsigned(json::number_unsigned_t) { return true; }
  bool number_float(json::number_float_t, const json::string_t&) { return true; }
  bool string(json::string_t&) { return true; }
  bool binary(json::binary_t&) { return true; }
  bool start_object(std::size_t) { return true; }
  bool key(json::string_t&) { return true; }
  bool end_object() { return true; }
  bool start_array(std::size_t) { return true; }
  bool end_array() { return true; }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& ex) {
    if (message.empty()) {
      std::string what = ex.what();
      // "[json.exception.parse_error.101] parse error at line 1, column 2: ..." -> "parse error at ..."
      const std::size_t close = what.find("] ");
      message = close != std::string::npos && what.compare(0, 1, "[") == 0 ? what.substr(close + 2) : what;
    }
    return false;
  }
};

std::string truncate(std::string s, std::size_t n) {
  if (s.size() > n) s = s.substr(0, n) + "...";
  return s;
}

}  // namespace

bool parse_json_text(std::string_view text, json* out, std::string* error) {
  const char* begin = text.data();
  const char* end = text.data() + text.size();
  json j = json::parse(begin, end, nullptr, /*allow_exceptions=*/false);
  if (!j.is_discarded()) {
    *out = std::move(j);
    return true;
  }
  ErrorSax sax;
  json::sax_parse(begin, end, &sax);
  *error = sax.message.empty() ? std::string("invalid JSON") : sax.message;
  return false;
}

namespace jsonv {

std::string describe(const json& v) {
  switch (v.type()) {
    case json::value_t::null: return "null";
    case json::value_t::boolean: return v.get<bool>() ? "true" : "false";
    case json::value_t::string:
      return "a string (" + truncate(v.dump(-1, ' ', false, json::error_handler_t::replace), 40) + ")";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float: {
      const std::string s = v.dump(-1, ' ', false, json::error_handler_t::replace);
      return s == "null" ? std::string("a non-finite number") : s;  // NaN/Inf built in memory
    }
    case json::value_t::array: return "an array";
    case json::value_t::object: return "an object";
    default: return v.type_name();
  }
}

bool to_int(const json& v, long long lo, long long hi, long long* out) {
  if (v.is_number_unsigned()) {
    const std::uint64_t u = v.get<std::uint64_t>();
    if (u > static_cast<std::uint64_t>(LLONG_MAX)) return false;
    const long long x = static_cast<long long>(u);
    if (x < lo || x > hi) return false;
    *out = x;
    return true;
  }
  if (v.is_number_integer()) {
    const long long x = v.get<long long>();
    if (x < lo || x > hi) return false;
    *out = x;
    return true;
  }
  if (v.is_number_float()) {
    const double d = v.get<double>();
    if (!std::isfinite(d) || d != std::floor(d)) return false;
    if (d < static_cast<double>(lo) || d > static_cast<double>(hi)) return false;
    *out = static_cast<long long>(d);
    return true;
  }
  return false;
}

bool to_u64(const json& v, std::uint64_t* out) {
  if (v.is_string()) {   // decimal text: how JavaScript passes seeds above 2^53 without rounding them
    const std::string& t = v.get_ref<const std::string&>();
    if (t.empty() || t.size() > 20 || t.find_first_not_of("0123456789") != std::string::npos) return false;
    std::uint64_t x = 0;
    for (char c : t) {
      const std::uint64_t d = static_cast<std::uint64_t>(c - '0');
      if (x > (UINT64_MAX - d) / 10) return false;   // above 2^64 - 1
      x = 10 * x + d;
    }
    *out = x;
    return true;
  }
  if (v.is_number_unsigned()) {
    *out = v.get<std::uint64_t>();
    return true;
  }
  if (v.is_number_integer()) {
    const long long x = v.get<long long>();
    if (x < 0) return false;
    *out = static_cast<std::uint64_t>(x);
    return true;
  }
  if (v.is_number_float()) {
    const double d = v.get<double>();
    if (!std::isfinite(d) || d != std::floor(d) || d < 0 || d > 9007199254740992.0) return false;
    *out = static_cast<std::uint64_t>(d);
    return true;
  }
  return false;
}

bool to_finite(const json& v, double* out) {
  if (!v.is_number()) return false;
  const double d = v.get<double>();
  if (!std::isfinite(d)) return false;
  *out = d;
  return true;
}

}  // namespace jsonv

// ---------------------------------------------------------------- TrainConfig

json augmentation_to_json(const AugmentConfig& a) {
  json j = json::object();
  j["rotation"] = a.rotation_deg;
  j["shear"] = a.shear;
  j["scale"] = a.scale;
  j["shift"] = a.shift;
  j["thickness"] = a.thickness;
  j["copies"] = a.copies;
  j["drawn"] = a.drawn;
  j["pen"] = a.pen;
  j["seed"] = a.seed;
  return j;
}

json config_to_json(const TrainConfig& c) {
  json j = json::object();
  j["hidden"] = c.arch.hidden;
  j["activation"] = to_string(c.arch.activation);
  j["output"] = to_string(c.arch.output);
  j["lambda"] = c.lambda;
  j["optimizer"] = to_string(c.optim.kind);
  j["learning_rate"] = c.optim.learning_rate;
  j["batch_size"] = c.optim.batch_size;
  j["momentum"] = c.optim.momentum;
  j["beta1"] = c.optim.beta1;
  j["beta2"] = c.optim.beta2;
  j["epsilon"] = c.optim.epsilon;
  j["lbfgs_memory"] = c.optim.lbfgs_memory;
  j["max_line_search"] = c.optim.max_line_search;
  j["wolfe_c1"] = c.optim.wolfe_c1;
  j["wolfe_c2"] = c.optim.wolfe_c2;
  j["shuffle_seed"] = c.optim.shuffle_seed;
  j["seed"] = c.init_seed;
  j["split_seed"] = c.split.seed;
  j["train_fraction"] = c.split.train;
  j["validation_fraction"] = c.split.validation;
  j["scaling"] = to_string(c.scaling);
  j["max_iterations"] = c.max_iterations;
  j["augment"] = c.augment;
  j["augmentation"] = augmentation_to_json(c.augmentation);
  j["early_stopping"] = c.early_stopping;
  j["patience"] = c.patience;
  j["my_digits"] = c.my_digits;
  return j;
}

namespace {

const char* const kKeys[] = {"hidden",        "activation",     "output",          "lambda",
                             "optimizer",     "learning_rate",  "batch_size",      "momentum",
                             "beta1",         "beta2",          "epsilon",         "lbfgs_memory",
                             "max_line_search", "wolfe_c1",     "wolfe_c2",        "shuffle_seed",
                             "seed",          "split_seed",     "train_fraction",  "validation_fraction",
                             "scaling",       "augment",        "max_iterations",  "early_stopping",
                             "patience",      "augmentation",   "preset",
                             "my_digits"};

bool known_key(const std::string& k) {
  for (const char* name : kKeys)
    if (k == name) return true;
  return false;
}

std::string key_list() {
  std::string s;
  for (const char* name : kKeys) s += (s.empty() ? "" : ", ") + std::string(name);
  return s;
}

Status wrong(const std::string& key, const std::string& expected, const json& got) {
  return Status::Error("config key '" + key + "': expected " + expected + ", got " + jsonv::describe(got));
}

// The "augmentation" object: its keys present are applied on top of a.
Status apply_augmentation(const json& v, AugmentConfig& a) {
  if (!v.is_object())
    return wrong("augmentation", "an object such as {\"rotation\": 15, \"copies\": 4}", v);
  for (auto it = v.begin(); it != v.end(); ++it) {
    const std::string& k = it.key();
    const std::string name = "augmentation." + truncate(k, 40);
    double* field = k == "rotation" ? &a.rotation_deg : k == "shear" ? &a.shear : k == "scale" ? &a.scale
                  : k == "shift" ? &a.shift : k == "thickness" ? &a.thickness : nullptr;
    long long n = 0;
    if (field) {
      if (!jsonv::to_finite(it.value(), field)) return wrong(name, "a finite number", it.value());
    } else if (k == "copies") {
      if (!jsonv::to_int(it.value(), 1, 16, &n)) return wrong(name, "an integer in 1..16", it.value());
      a.copies = static_cast<int>(n);
    } else if (k == "drawn") {
      if (!jsonv::to_int(it.value(), 0, kMaxDrawnTraining, &n))
        return wrong(name, "an integer in 0.." + std::to_string(kMaxDrawnTraining), it.value());
      a.drawn = static_cast<int>(n);
    } else if (k == "pen") {
      if (!jsonv::to_int(it.value(), 0, kMaxPenTraining, &n))
        return wrong(name, "an integer in 0.." + std::to_string(kMaxPenTraining), it.value());
      a.pen = static_cast<int>(n);
    } else if (k == "seed") {
      if (!jsonv::to_u64(it.value(), &a.seed)) return wrong(name, "a non-negative integer seed (0..2^64-1)", it.value());
    } else {
      return Status::Error("unknown config key '" + name +
                           "' (known: rotation, shear, scale, shift, thickness, copies, drawn, pen, seed)");
    }
  }
  return Status::Ok();
}

// One value of the object applied to cfg.
Status apply_key(const std::string& key, const json& v, TrainConfig& cfg) {
  long long n = 0;
  double d = 0;
  auto number = [&](double* field) -> Status {
    if (!jsonv::to_finite(v, &d)) return wrong(key, "a finite number", v);
    *field = d;
    return Status::Ok();
  };
  auto count = [&](int* field) -> Status {
    if (!jsonv::to_int(v, 1, INT_MAX, &n)) return wrong(key, "a positive integer", v);
    *field = static_cast<int>(n);
    return Status::Ok();
  };
  auto seed = [&](std::uint64_t* field) -> Status {
    if (!jsonv::to_u64(v, field)) return wrong(key, "a non-negative integer seed (0..2^64-1, a number or decimal text)", v);
    return Status::Ok();
  };

  if (key == "hidden") {
    if (!v.is_array()) return wrong(key, "an array of hidden-layer sizes such as [25]", v);
    if (v.size() > static_cast<std::size_t>(kMaxHiddenLayers))
      return Status::Error("config key 'hidden': at most " + std::to_string(kMaxHiddenLayers) +
                           " hidden layers, got " + std::to_string(v.size()));
    std::vector<int> h;
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (!jsonv::to_int(v[i], 1, kMaxUnits, &n))
        return Status::Error("config key 'hidden': layer " + std::to_string(i + 1) + " must be an integer in 1.." +
                             std::to_string(kMaxUnits) + ", got " + jsonv::describe(v[i]));
      h.push_back(static_cast<int>(n));
    }
    cfg.arch.hidden = std::move(h);
    return Status::Ok();
  }
  if (key == "activation") {
    if (!v.is_string() || !parse_activation(v.get_ref<const std::string&>(), &cfg.arch.activation))
      return wrong(key, "\"sigmoid\", \"tanh\" or \"relu\"", v);
    return Status::Ok();
  }
  if (key == "output") {
    if (!v.is_string() || !parse_output(v.get_ref<const std::string&>(), &cfg.arch.output))
      return wrong(key, "\"sigmoid\" or \"softmax\"", v);
    return Status::Ok();
  }
  if (key == "scaling") {
    if (!v.is_string() || !parse_scaling(v.get_ref<const std::string&>(), &cfg.scaling))
      return wrong(key, "\"divide16\" or \"standardize\"", v);
    return Status::Ok();
  }
  if (key == "optimizer") {
    OptimizerKind k;
    if (!v.is_string() || !parse_optimizer(v.get_ref<const std::string&>(), &k))
      return wrong(key, optimizer_ids(", ", " or ", "\""), v);
    cfg.optim = cfg.optim.switched_to(k);  // the new kind's defaults; explicit keys override them (applied later)
    return Status::Ok();
  }
  if (key == "early_stopping" || key == "augment") {
    if (!v.is_boolean()) return wrong(key, "true or false", v);
    (key == "augment" ? cfg.augment : cfg.early_stopping) = v.get<bool>();
    return Status::Ok();
  }
  if (key == "my_digits") {
    if (!v.is_boolean()) return wrong(key, "true or false", v);
    cfg.my_digits = v.get<bool>();
    return Status::Ok();
  }
  if (key == "augmentation") return apply_augmentation(v, cfg.augmentation);
  if (key == "lambda") return number(&cfg.lambda);
  if (key == "learning_rate") return number(&cfg.optim.learning_rate);
  if (key == "momentum") return number(&cfg.optim.momentum);
  if (key == "beta1") return number(&cfg.optim.beta1);
  if (key == "beta2") return number(&cfg.optim.beta2);
  if (key == "epsilon") return number(&cfg.optim.epsilon);
  if (key == "wolfe_c1") return number(&cfg.optim.wolfe_c1);
  if (key == "wolfe_c2") return number(&cfg.optim.wolfe_c2);
  if (key == "train_fraction") return number(&cfg.split.train);
  if (key == "validation_fraction") return number(&cfg.split.validation);
  if (key == "batch_size") return count(&cfg.optim.batch_size);
  if (key == "lbfgs_memory") return count(&cfg.optim.lbfgs_memory);
  if (key == "max_line_search") return count(&cfg.optim.max_line_search);
  if (key == "max_iterations") return count(&cfg.max_iterations);
  if (key == "patience") return count(&cfg.patience);
  if (key == "shuffle_seed") return seed(&cfg.optim.shuffle_seed);
  if (key == "seed") return seed(&cfg.init_seed);
  if (key == "split_seed") return seed(&cfg.split.seed);
  return Status::Error("unknown config key '" + truncate(key, 60) + "'");
}

}  // namespace

Result<TrainConfig> config_from_json(const json& j, const TrainConfig& base) {
  if (!j.is_object()) return Status::Error("config must be a JSON object, got " + jsonv::describe(j));
  for (auto it = j.begin(); it != j.end(); ++it)
    if (!known_key(it.key()))
      return Status::Error("unknown config key '" + truncate(it.key(), 60) + "' (known keys: " + key_list() + ")");
  TrainConfig cfg = base;
  // "preset" first: the named preset's config is the base the other keys apply to.
  auto pre = j.find("preset");
  if (pre != j.end()) {
    const Preset* p = pre->is_string() ? find_preset(pre->get_ref<const std::string&>()) : nullptr;
    if (!p) return wrong("preset", "one of " + preset_id_list(), *pre);
    cfg = p->config;
  }
  // "optimizer" next: switching kind resets that kind's defaults, which explicit keys then override.
  auto opt = j.find("optimizer");
  if (opt != j.end()) {
    Status s = apply_key("optimizer", *opt, cfg);
    if (!s.ok()) return s;
  }
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (it.key() == "optimizer" || it.key() == "preset") continue;
    Status s = apply_key(it.key(), it.value(), cfg);
    if (!s.ok()) return s;
  }
  Status s = cfg.validate();
  if (!s.ok()) return Status::Error("invalid config: " + s.message());
  return cfg;
}

Result<TrainConfig> config_from_json_text(std::string_view text, const TrainConfig& base) {
  json j;
  std::string err;
  if (!parse_json_text(text, &j, &err)) return Status::Error("config is not valid JSON: " + err);
  return config_from_json(j, base);
}

}  // namespace bpl
