#include "train/model_io.hpp"

#include <cfloat>
#include <climits>
#include <cmath>
#include <cstdio>

#include "train/config_json.hpp"

namespace bpl {

using nlohmann::json;

namespace {

constexpr std::size_t kMaxModelFileBytes = std::size_t(512) << 20;  // largest net ~7.4M params ~ 200 MB

json number_array(const VecD& v) {
  json a = json::array();
  for (Index i = 0; i < v.size(); ++i) a.push_back(v[i]);
  return a;
}

Status err(const std::string& what) { return Status::Error("invalid model file: " + what); }

Status wrong(const std::string& key, const std::string& expected, const json& got) {
  return err("'" + key + "' must be " + expected + ", got " + jsonv::describe(got));
}

// obj[key] into *out, or an error naming the missing key.
Status require(const json& obj, const char* key, const std::string& where, const json** out) {
  auto it = obj.find(key);
  if (it == obj.end()) return err("missing key '" + where + key + "'");
  *out = &*it;
  return Status::Ok();
}

Status only_keys(const json& obj, std::initializer_list<const char*> keys, const std::string& where) {
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    bool known = false;
    for (const char* k : keys) known = known || it.key() == k;
    if (!known) {
      std::string k = it.key();
      if (k.size() > 60) k = k.substr(0, 60) + "...";
      return err("unknown key '" + where + k + "'");
    }
  }
  return Status::Ok();
}

Status read_architecture(const json& a, Architecture* out) {
  if (!a.is_object()) return wrong("architecture", "an object", a);
  Status s = only_keys(a, {"inputs", "hidden", "outputs", "activation", "output"}, "architecture.");
  if (!s.ok()) return s;
  const json *inputs, *hidden, *outputs, *act, *outk;
  const std::pair<const char*, const json**> fields[] = {
      {"inputs", &inputs}, {"hidden", &hidden}, {"outputs", &outputs}, {"activation", &act}, {"output", &outk}};
  for (const auto& f : fields) {
    s = require(a, f.first, "architecture.", f.second);
    if (!s.ok()) return s;
  }
  Architecture A;
  long long n = 0;
  if (!jsonv::to_int(*inputs, 1, 4096, &n)) return wrong("architecture.inputs", "an integer in 1..4096", *inputs);
  A.inputs = static_cast<int>(n);
  if (!jsonv::to_int(*outputs, 2, 1024, &n)) return wrong("architecture.outputs", "an integer in 2..1024", *outputs);
  A.outputs = static_cast<int>(n);
  if (!hidden->is_array()) return wrong("architecture.hidden", "an array of layer sizes", *hidden);
  if (hidden->size() > static_cast<std::size_t>(kMaxHiddenLayers))
    return err("'architecture.hidden' has " + std::to_string(hidden->size()) + " layers; at most " +
               std::to_string(kMaxHiddenLayers) + " hidden layers are supported");
  A.hidden.clear();
  for (std::size_t i = 0; i < hidden->size(); ++i) {
    const json& h = (*hidden)[i];
    if (!jsonv::to_int(h, 1, kMaxUnits, &n))
      return err("'architecture.hidden' layer " + std::to_string(i + 1) + " must have 1.." +
                 std::to_string(kMaxUnits) + " units, got " + jsonv::describe(h));
    A.hidden.push_back(static_cast<int>(n));
  }
  if (!act->is_string() || !parse_activation(act->get_ref<const std::string&>(), &A.activation))
    return wrong("architecture.activation", "\"sigmoid\", \"tanh\" or \"relu\"", *act);
  if (!outk->is_string() || !parse_output(outk->get_ref<const std::string&>(), &A.output))
    return wrong("architecture.output", "\"sigmoid\" or \"softmax\"", *outk);
  s = A.validate();
  if (!s.ok()) return err("architecture: " + s.message());
  if (A.inputs != kPixels || A.outputs != kClasses)
    return err("architecture " + A.describe() + ": the digits need 64 inputs and 10 outputs");
  *out = A;
  return Status::Ok();
}

// An array of exactly `size` finite numbers.
Status read_vector(const json& v, const std::string& key, Index size, VecD* out) {
  if (!v.is_array()) return wrong(key, "an array of " + std::to_string(size) + " numbers", v);
  if (v.size() != static_cast<std::size_t>(size))
    return err("'" + key + "' has " + std::to_string(v.size()) + " numbers, expected " + std::to_string(size));
  out->resize(size);
  for (Index i = 0; i < size; ++i) {
    const json& e = v[static_cast<std::size_t>(i)];
    double d = 0;
    if (!jsonv::to_finite(e, &d))
      return err("'" + key + "[" + std::to_string(i) + "]' must be a finite number, got " + jsonv::describe(e));
    (*out)[i] = d;
  }
  return Status::Ok();
}

Status read_scaling(const json& sc, Scaler* out) {
  if (!sc.is_object()) return wrong("scaling", "an object", sc);
  Status s = only_keys(sc, {"kind", "mean", "scale"}, "scaling.");
  if (!s.ok()) return s;
  const json *kind, *mean, *scale;
  if (!(s = require(sc, "kind", "scaling.", &kind)).ok()) return s;
  if (!(s = require(sc, "mean", "scaling.", &mean)).ok()) return s;
  if (!(s = require(sc, "scale", "scaling.", &scale)).ok()) return s;
  Scaler r;
  if (!kind->is_string() || !parse_scaling(kind->get_ref<const std::string&>(), &r.kind))
    return wrong("scaling.kind", "\"divide16\" or \"standardize\"", *kind);
  if (!(s = read_vector(*mean, "scaling.mean", kPixels, &r.mean)).ok()) return s;
  if (!(s = read_vector(*scale, "scaling.scale", kPixels, &r.scale)).ok()) return s;
  for (Index i = 0; i < kPixels; ++i)
    if (!(r.scale[i] > 0.0))
      return err("'scaling.scale[" + std::to_string(i) + "]' must be > 0, got " + json(r.scale[i]).dump());
  if (r.kind == Scaling::Divide16 && !(r.mean.isZero(0.0) && (r.scale.array() == 16.0).all()))
    return err("scaling kind 'divide16' needs mean 0 and scale 16 for every pixel");
  *out = r;
  return Status::Ok();
}

}  // namespace

std::string save_model(const Network<float>& net, const Scaler& scaler, const TrainConfig& cfg) {
  TrainConfig c = cfg;
  c.arch = net.arch();
  c.scaling = scaler.kind;
  const Architecture& A = net.arch();
  json j = json::object();
  j["format"] = kModelFormat;
  j["version"] = kModelVersion;
  j["architecture"] = {{"inputs", A.inputs},
                       {"hidden", A.hidden},
                       {"outputs", A.outputs},
                       {"activation", to_string(A.activation)},
                       {"output", to_string(A.output)}};
  j["scaling"] = {{"kind", to_string(scaler.kind)}, {"mean", number_array(scaler.mean)},
                  {"scale", number_array(scaler.scale)}};
  j["param_count"] = net.theta().size();
  // Each float as the double of the float: the shortest repr of that double reads back exactly.
  json p = json::array();
  const VecF& t = net.theta();
  for (Index i = 0; i < t.size(); ++i) p.push_back(static_cast<double>(t[i]));
  j["parameters"] = std::move(p);
  j["training"] = config_to_json(c);
  return j.dump(1, ' ', false, json::error_handler_t::replace) + "\n";
}

Status save_model_file(const std::string& path, const Network<float>& net, const Scaler& scaler,
                       const TrainConfig& cfg) {
  const std::string text = save_model(net, scaler, cfg);
  // stdio, not std::ofstream: the browser build carries no iostreams/locale (issue 17).
  std::FILE* out = std::fopen(path.c_str(), "wb");
  if (!out) return Status::Error("cannot write " + path);
  const bool written = std::fwrite(text.data(), 1, text.size(), out) == text.size();
  if (std::fclose(out) != 0 || !written) return Status::Error("error while writing " + path);
  return Status::Ok();
}

Result<LoadedModel> load_model(std::string_view text) {
  json j;
  std::string perr;
  if (!parse_json_text(text, &j, &perr)) return Status::Error("model file is not valid JSON: " + perr);
  if (!j.is_object()) return err("expected a JSON object, got " + jsonv::describe(j));

  // Format tag and version first: a different kind of file gets a message that says so.
  auto fmt = j.find("format");
  if (fmt == j.end())
    return Status::Error(std::string("not a Backprop Lab model file: missing \"format\": \"") + kModelFormat + "\"");
  if (!fmt->is_string() || fmt->get_ref<const std::string&>() != kModelFormat)
    return Status::Error(std::string("not a Backprop Lab model file: \"format\" is ") + jsonv::describe(*fmt) +
                         ", expected \"" + kModelFormat + "\"");
  auto ver = j.find("version");
  if (ver == j.end()) return err("missing key 'version'");
  long long version = 0;
  if (!jsonv::to_int(*ver, 1, LLONG_MAX, &version)) return wrong("version", "a positive integer", *ver);
  if (version > kModelVersion)
    return Status::Error("model file version " + std::to_string(version) +
                         " is newer than this program supports (version " + std::to_string(kModelVersion) +
                         "); update Backprop Lab");

  Status s = only_keys(j, {"format", "version", "architecture", "scaling", "param_count", "parameters", "training"}, "");
  if (!s.ok()) return s;
  const json *arch, *scaling, *count, *params, *training;
  if (!(s = require(j, "architecture", "", &arch)).ok()) return s;
  if (!(s = require(j, "scaling", "", &scaling)).ok()) return s;
  if (!(s = require(j, "param_count", "", &count)).ok()) return s;
  if (!(s = require(j, "parameters", "", &params)).ok()) return s;
  if (!(s = require(j, "training", "", &training)).ok()) return s;

  LoadedModel m;
  if (!(s = read_architecture(*arch, &m.arch)).ok()) return s;
  const Index n = m.arch.param_count();
  long long declared = 0;
  if (!jsonv::to_int(*count, 0, LLONG_MAX, &declared)) return wrong("param_count", "a non-negative integer", *count);
  if (declared != static_cast<long long>(n))
    return err("'param_count' is " + std::to_string(declared) + " but the " + m.arch.describe() + " network has " +
               std::to_string(n) + " parameters");
  if (!params->is_array()) return wrong("parameters", "an array of numbers", *params);
  if (params->size() != static_cast<std::size_t>(n))
    return err("'parameters' has " + std::to_string(params->size()) + " numbers but the " + m.arch.describe() +
               " network has " + std::to_string(n) + " parameters");
  m.theta.resize(n);
  for (Index i = 0; i < n; ++i) {
    const json& e = (*params)[static_cast<std::size_t>(i)];
    double d = 0;
    if (!jsonv::to_finite(e, &d) || std::fabs(d) > double(FLT_MAX))
      return err("'parameters[" + std::to_string(i) + "]' must be a finite number (float range), got " +
                 jsonv::describe(e));
    m.theta[i] = static_cast<float>(d);
  }
  if (!(s = read_scaling(*scaling, &m.scaler)).ok()) return s;

  if (!training->is_object()) return wrong("training", "an object", *training);
  Result<TrainConfig> cfg = config_from_json(*training, TrainConfig());
  if (!cfg.ok()) return err("'training': " + cfg.message());
  m.config = cfg.value;
  if (m.config.arch != m.arch)
    return err("'training' describes a " + m.config.arch.describe() + " network but 'architecture' is " +
               m.arch.describe());
  if (m.config.scaling != m.scaler.kind)
    return err(std::string("'training.scaling' is ") + to_string(m.config.scaling) + " but 'scaling.kind' is " +
               to_string(m.scaler.kind));
  return m;
}

Result<LoadedModel> load_model_file(const std::string& path) {
  std::FILE* in = std::fopen(path.c_str(), "rb");
  if (!in) return Status::Error("cannot open " + path);
  const long size = std::fseek(in, 0, SEEK_END) == 0 ? std::ftell(in) : -1L;
  if (size < 0 || std::fseek(in, 0, SEEK_SET) != 0) {
    std::fclose(in);
    return Status::Error("cannot read " + path);
  }
  if (static_cast<unsigned long long>(size) > kMaxModelFileBytes) {
    std::fclose(in);
    return Status::Error(path + ": file too large for a model (" + std::to_string(size) + " bytes)");
  }
  std::string text(static_cast<std::size_t>(size), '\0');
  const bool read = std::fread(text.data(), 1, text.size(), in) == text.size();
  std::fclose(in);
  if (!read) return Status::Error("cannot read " + path);
  Result<LoadedModel> r = load_model(text);
  if (!r.ok()) return Status::Error(path + ": " + r.message());
  return r;
}

Status make_network(const LoadedModel& m, Network<float>* out) {
  Network<float> net;
  Status s = net.configure(m.arch, m.config.init_seed);
  if (!s.ok()) return s;
  if (m.theta.size() != m.arch.param_count()) return Status::Error("parameter count does not match the architecture");
  net.theta() = m.theta;
  *out = std::move(net);
  return Status::Ok();
}

}  // namespace bpl
