// Config JSON (window.lab.setConfig, model files) and model save/load.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <cfloat>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <functional>
#include <limits>
#include <string>

#include "core/rng.hpp"
#include "train/config_json.hpp"
#include "train/model_io.hpp"

namespace bpl {
namespace {

using nlohmann::json;

::testing::AssertionResult Contains(const std::string& haystack, const std::string& needle) {
  if (haystack.find(needle) != std::string::npos) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "message \"" << haystack << "\" does not contain \"" << needle << "\"";
}

// Expects config_from_json_text(text) to fail with a message containing `needle`.
void ExpectConfigError(const std::string& text, const std::string& needle) {
  Result<TrainConfig> r = config_from_json_text(text, TrainConfig());
  ASSERT_FALSE(r.ok()) << "accepted: " << text;
  EXPECT_TRUE(Contains(r.message(), needle)) << "for " << text;
}

TrainConfig unusual_config() {
  TrainConfig c;
  c.arch.hidden = {30, 12};
  c.arch.activation = Activation::Tanh;
  c.arch.output = OutputKind::SoftmaxCE;
  c.lambda = 0.375;
  c.optim.kind = OptimizerKind::Adam;
  c.optim.learning_rate = 0.0025;
  c.optim.batch_size = 17;
  c.optim.momentum = 0.75;
  c.optim.beta1 = 0.85;
  c.optim.beta2 = 0.995;
  c.optim.epsilon = 1e-7;
  c.optim.lbfgs_memory = 7;
  c.optim.max_line_search = 33;
  c.optim.wolfe_c1 = 2e-4;
  c.optim.wolfe_c2 = 0.4;
  c.optim.shuffle_seed = 18446744073709551615ull;  // 2^64 - 1
  c.init_seed = 9007199254740993ull;                // 2^53 + 1: not representable as a double
  c.split.seed = 7;
  c.split.train = 0.5;
  c.split.validation = 0.25;
  c.scaling = Scaling::Standardize;
  c.augment = !TrainConfig().augment;
  c.augmentation.rotation_deg = 7.5;
  c.augmentation.shear = 0.05;
  c.augmentation.scale = 0.2;
  c.augmentation.shift = 1.25;
  c.augmentation.thickness = 0.3;
  c.augmentation.copies = 9;
  c.augmentation.seed = 18446744073709551614ull;
  c.max_iterations = 250;
  c.early_stopping = true;
  c.patience = 4;
  c.my_digits = true;
  return c;
}

void ExpectSameConfig(const TrainConfig& a, const TrainConfig& b) {
  EXPECT_EQ(a.arch, b.arch);
  EXPECT_EQ(a.lambda, b.lambda);
  EXPECT_EQ(a.optim.kind, b.optim.kind);
  EXPECT_EQ(a.optim.learning_rate, b.optim.learning_rate);
  EXPECT_EQ(a.optim.batch_size, b.optim.batch_size);
  EXPECT_EQ(a.optim.momentum, b.optim.momentum);
  EXPECT_EQ(a.optim.beta1, b.optim.beta1);
  EXPECT_EQ(a.optim.beta2, b.optim.beta2);
  EXPECT_EQ(a.optim.epsilon, b.optim.epsilon);
  EXPECT_EQ(a.optim.lbfgs_memory, b.optim.lbfgs_memory);
  EXPECT_EQ(a.optim.max_line_search, b.optim.max_line_search);
  EXPECT_EQ(a.optim.wolfe_c1, b.optim.wolfe_c1);
  EXPECT_EQ(a.optim.wolfe_c2, b.optim.wolfe_c2);
  EXPECT_EQ(a.optim.shuffle_seed, b.optim.shuffle_seed);
  EXPECT_EQ(a.init_seed, b.init_seed);
  EXPECT_EQ(a.split.seed, b.split.seed);
  EXPECT_EQ(a.split.train, b.split.train);
  EXPECT_EQ(a.split.validation, b.split.validation);
  EXPECT_EQ(a.scaling, b.scaling);
  EXPECT_EQ(a.augment, b.augment);
  EXPECT_TRUE(a.augmentation == b.augmentation);
  EXPECT_EQ(a.max_iterations, b.max_iterations);
  EXPECT_EQ(a.early_stopping, b.early_stopping);
  EXPECT_EQ(a.patience, b.patience);
  EXPECT_EQ(a.my_digits, b.my_digits);
}

// ================================================================ config JSON

TEST(ConfigJson, DefaultRoundTrip) {
  const TrainConfig def;
  const json j = config_to_json(def);
  EXPECT_EQ(j["hidden"], json(def.arch.hidden));
  EXPECT_EQ(j["activation"], "sigmoid");
  EXPECT_EQ(j["output"], "sigmoid");
  EXPECT_EQ(j["optimizer"], "cg");
  EXPECT_EQ(j["scaling"], "divide16");
  EXPECT_EQ(j["seed"], 1u);
  EXPECT_EQ(j["split_seed"], 42u);
  EXPECT_EQ(j["augment"], def.augment);
  EXPECT_EQ(j.size(), 27u);  // 26 flat keys (my_digits the last) + the "augmentation" object
  Result<TrainConfig> r = config_from_json(j, TrainConfig());
  ASSERT_TRUE(r.ok()) << r.message();
  ExpectSameConfig(r.value, def);
}

TEST(ConfigJson, EveryFieldRoundTripsThroughText) {
  const TrainConfig c = unusual_config();
  ASSERT_TRUE(c.validate().ok()) << c.validate().message();
  const std::string text = config_to_json(c).dump();
  EXPECT_TRUE(Contains(text, "\"shuffle_seed\":18446744073709551615"));
  EXPECT_TRUE(Contains(text, "\"seed\":9007199254740993"));
  Result<TrainConfig> r = config_from_json_text(text, TrainConfig());  // different base
  ASSERT_TRUE(r.ok()) << r.message();
  ExpectSameConfig(r.value, c);
  EXPECT_EQ(config_to_json(r.value), config_to_json(c));
}

TEST(ConfigJson, PartialUpdateKeepsTheBase) {
  const TrainConfig base = unusual_config();
  Result<TrainConfig> r = config_from_json_text(R"({"lambda": 3, "hidden": []})", base);
  ASSERT_TRUE(r.ok()) << r.message();
  TrainConfig expect = base;
  expect.lambda = 3.0;
  expect.arch.hidden = {};
  ExpectSameConfig(r.value, expect);
  // Empty object: the base itself.
  r = config_from_json_text("{}", base);
  ASSERT_TRUE(r.ok());
  ExpectSameConfig(r.value, base);
  // Whitespace and integral numbers written as floats (JavaScript sends 32 for 32.0).
  r = config_from_json_text(" { \"batch_size\" : 32.0, \"max_iterations\": 1e3, \"seed\": 5e0 }\n", base);
  ASSERT_TRUE(r.ok()) << r.message();
  EXPECT_EQ(r.value.optim.batch_size, 32);
  EXPECT_EQ(r.value.max_iterations, 1000);
  EXPECT_EQ(r.value.init_seed, 5u);
}

TEST(ConfigJson, SwitchingOptimizerTakesThatKindsDefaults) {
  TrainConfig base;  // cg
  Result<TrainConfig> r = config_from_json_text(R"({"optimizer":"sgd"})", base);
  ASSERT_TRUE(r.ok()) << r.message();
  EXPECT_EQ(r.value.optim.kind, OptimizerKind::SGD);
  EXPECT_EQ(r.value.optim.learning_rate, default_learning_rate(OptimizerKind::SGD));
  // An explicit learning rate wins, whatever the key order.
  r = config_from_json_text(R"({"learning_rate":0.05, "optimizer":"momentum"})", base);
  ASSERT_TRUE(r.ok()) << r.message();
  EXPECT_EQ(r.value.optim.learning_rate, 0.05);
  // Same kind again: the base's learning rate stays.
  base.optim.kind = OptimizerKind::Adam;
  base.optim.learning_rate = 0.02;
  r = config_from_json_text(R"({"optimizer":"adam"})", base);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value.optim.learning_rate, 0.02);
  // L-BFGS gets its curvature constant.
  r = config_from_json_text(R"({"optimizer":"lbfgs"})", TrainConfig());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value.optim.wolfe_c2, OptimizerConfig::for_kind(OptimizerKind::LBFGS).wolfe_c2);
}

TEST(ConfigJson, UnknownKeyIsNamed) {
  ExpectConfigError(R"({"lambda": 1, "learningRate": 0.1})", "unknown config key 'learningRate'");
}

TEST(ConfigJson, NullFromJavaScriptNaN) {
  // JSON.stringify({lambda: NaN}) == '{"lambda":null}'
  ExpectConfigError(R"({"lambda": null})", "config key 'lambda': expected a finite number, got null");
  ExpectConfigError(R"({"batch_size": null})", "config key 'batch_size': expected a positive integer, got null");
}

TEST(ConfigJson, NonFiniteNumberBuiltInMemory) {
  json j = {{"learning_rate", std::numeric_limits<double>::quiet_NaN()}};
  Result<TrainConfig> r = config_from_json(j, TrainConfig());
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(Contains(r.message(), "config key 'learning_rate': expected a finite number, got a non-finite number"));
  j = {{"momentum", std::numeric_limits<double>::infinity()}};
  EXPECT_FALSE(config_from_json(j, TrainConfig()).ok());
}

TEST(ConfigJson, StringForNumber) {
  ExpectConfigError(R"({"lambda": "1.0"})", "config key 'lambda': expected a finite number, got a string (\"1.0\")");
  ExpectConfigError(R"({"patience": "10"})", "config key 'patience': expected a positive integer");
}

TEST(ConfigJson, CountsMustBePositiveIntegers) {
  ExpectConfigError(R"({"batch_size": -4})", "config key 'batch_size': expected a positive integer, got -4");
  ExpectConfigError(R"({"batch_size": 2.5})", "config key 'batch_size': expected a positive integer, got 2.5");
  ExpectConfigError(R"({"batch_size": 0})", "config key 'batch_size'");
  ExpectConfigError(R"({"max_iterations": 1e12})", "config key 'max_iterations'");
  ExpectConfigError(R"({"lbfgs_memory": true})", "config key 'lbfgs_memory': expected a positive integer, got true");
}

TEST(ConfigJson, HiddenLayers) {
  ExpectConfigError(R"({"hidden": 25})", "config key 'hidden': expected an array");
  ExpectConfigError(R"({"hidden": [25, 0]})", "config key 'hidden': layer 2 must be an integer in 1..1024, got 0");
  ExpectConfigError(R"({"hidden": [-3]})", "layer 1 must be an integer in 1..1024, got -3");
  ExpectConfigError(R"({"hidden": [2.5]})", "layer 1 must be an integer in 1..1024, got 2.5");
  ExpectConfigError(R"({"hidden": [5000]})", "layer 1 must be an integer in 1..1024, got 5000");
  ExpectConfigError(R"({"hidden": ["25"]})", "got a string");
  ExpectConfigError(R"({"hidden": [1,1,1,1,1,1,1,1,1]})", "at most 8 hidden layers, got 9");
  Result<TrainConfig> r = config_from_json_text(R"({"hidden": [1024, 1, 7, 7, 7, 7, 7, 7]})", TrainConfig());
  ASSERT_TRUE(r.ok()) << r.message();
  EXPECT_EQ(r.value.arch.hidden.size(), 8u);
}

TEST(ConfigJson, Seeds) {
  ExpectConfigError(R"({"seed": -1})", "config key 'seed': expected a non-negative integer seed");
  ExpectConfigError(R"({"split_seed": 1.5})", "config key 'split_seed'");
  ExpectConfigError(R"({"shuffle_seed": 18446744073709551616})", "config key 'shuffle_seed'");  // 2^64: a float
  // Decimal text is how JavaScript passes seeds above 2^53: digits only, up to 2^64 - 1.
  ExpectConfigError(R"({"seed": "7a"})", "got a string");
  ExpectConfigError(R"({"seed": "-1"})", "got a string");
  ExpectConfigError(R"({"seed": ""})", "got a string");
  ExpectConfigError(R"({"seed": " 7"})", "got a string");
  ExpectConfigError(R"({"seed": "18446744073709551616"})", "got a string");   // 2^64
  Result<TrainConfig> r = config_from_json_text(R"({"seed": 0, "split_seed": 18446744073709551615})", TrainConfig());
  ASSERT_TRUE(r.ok()) << r.message();
  EXPECT_EQ(r.value.init_seed, 0u);
  EXPECT_EQ(r.value.split.seed, 18446744073709551615ull);
  r = config_from_json_text(R"({"seed": "9007199254740993", "split_seed": "18446744073709551615"})", TrainConfig());
  ASSERT_TRUE(r.ok()) << r.message();
  EXPECT_EQ(r.value.init_seed, 9007199254740993ull);   // 2^53 + 1: exact, no double in between
  EXPECT_EQ(r.value.split.seed, 18446744073709551615ull);
}

TEST(ConfigJson, NamesAndBooleans) {
  ExpectConfigError(R"({"activation": "Sigmoid"})", "config key 'activation': expected \"sigmoid\", \"tanh\" or \"relu\"");
  ExpectConfigError(R"({"output": "linear"})", "config key 'output'");
  ExpectConfigError(R"({"optimizer": "rmsprop"})", "config key 'optimizer'");
  ExpectConfigError(R"({"scaling": 16})", "config key 'scaling'");
  ExpectConfigError(R"({"early_stopping": 1})", "config key 'early_stopping': expected true or false, got 1");
  ExpectConfigError(R"({"augment": "off"})", "config key 'augment': expected true or false, got a string");
}

TEST(ConfigJson, RangesCheckedByValidate) {
  ExpectConfigError(R"({"lambda": -1})", "invalid config: lambda");
  ExpectConfigError(R"({"train_fraction": 1.5})", "invalid config: split.train");
  ExpectConfigError(R"({"beta1": 1})", "invalid config: beta1");
  ExpectConfigError(R"({"batch_size": 100000})", "invalid config: batch_size");
  ExpectConfigError(R"({"patience": 20000})", "invalid config: patience");
}

TEST(ConfigJson, BadTextNeverThrows) {
  ExpectConfigError("", "config is not valid JSON");
  ExpectConfigError("{\"lambda\": }", "config is not valid JSON: parse error at line 1, column 12");
  ExpectConfigError("{\"lambda\": 1", "config is not valid JSON");
  ExpectConfigError("{\"lambda\": 1} trailing", "config is not valid JSON");
  ExpectConfigError("{\"lambda\": NaN}", "config is not valid JSON");
  ExpectConfigError("{\"lambda\": 1e400}", "config is not valid JSON");
  ExpectConfigError("{\"a\xff\": 1}", "config is not valid JSON");  // invalid UTF-8
  ExpectConfigError(std::string(100000, '['), "config is not valid JSON");
  ExpectConfigError("[1, 2]", "config must be a JSON object, got an array");
  ExpectConfigError("42", "config must be a JSON object, got 42");
  ExpectConfigError("null", "config must be a JSON object, got null");
  const std::string nul("{\"lambda\": 1\0}", 14);
  ExpectConfigError(nul, "config is not valid JSON");
}

// ================================================================ models

struct Fixture {
  Network<float> net;
  Scaler scaler;
  TrainConfig cfg;
};

Fixture make_model() {
  Fixture f;
  f.cfg = unusual_config();
  EXPECT_TRUE(f.net.configure(f.cfg.arch, 5).ok());
  // Awkward floats: subnormals, -0, extremes, values with no short decimal form.
  VecF& t = f.net.theta();
  Rng rng(77);
  for (Index i = 0; i < t.size(); ++i) t[i] = static_cast<float>(rng.uniform(-3.0, 3.0)) / 7.0f;
  t[0] = -0.0f;
  t[1] = std::numeric_limits<float>::denorm_min();
  t[2] = FLT_MAX;
  t[3] = -FLT_MIN;
  t[4] = 0.1f;
  t[5] = 1.0f / 3.0f;
  t[6] = 16777217.0f;  // rounds to 2^24
  f.scaler.kind = Scaling::Standardize;
  for (Index i = 0; i < kPixels; ++i) {
    f.scaler.mean[i] = rng.uniform(0.0, 16.0);
    f.scaler.scale[i] = i % 9 == 0 ? 1.0 : rng.uniform(0.1, 8.0);
  }
  return f;
}

TEST(ModelIo, RoundTripIsBitExact) {
  const Fixture f = make_model();
  const std::string text = save_model(f.net, f.scaler, f.cfg);
  const json j = json::parse(text);
  EXPECT_EQ(j["format"], "backprop-lab-model");
  EXPECT_EQ(j["version"], 1);
  EXPECT_EQ(j["param_count"], f.net.theta().size());
  EXPECT_EQ(j["architecture"]["hidden"], json::array({30, 12}));

  Result<LoadedModel> r = load_model(text);
  ASSERT_TRUE(r.ok()) << r.message();
  const LoadedModel& m = r.value;
  EXPECT_EQ(m.arch, f.net.arch());
  ASSERT_EQ(m.theta.size(), f.net.theta().size());
  EXPECT_EQ(std::memcmp(m.theta.data(), f.net.theta().data(), sizeof(float) * std::size_t(m.theta.size())), 0)
      << "parameters are not bit-identical";
  EXPECT_TRUE(std::signbit(m.theta[0]));
  EXPECT_EQ(m.theta[1], std::numeric_limits<float>::denorm_min());
  EXPECT_EQ(m.scaler.kind, Scaling::Standardize);
  EXPECT_EQ(m.scaler.mean, f.scaler.mean);
  EXPECT_EQ(m.scaler.scale, f.scaler.scale);
  ExpectSameConfig(m.config, f.cfg);
  // Saving what was loaded gives the same text.
  Network<float> net2;
  ASSERT_TRUE(make_network(m, &net2).ok());
  EXPECT_EQ(save_model(net2, m.scaler, m.config), text);
}

TEST(ModelIo, DefaultModelAndPredictionsSurviveFiles) {
  Network<float> net;
  ASSERT_TRUE(net.configure(Architecture(), 1).ok());
  const std::string path = ::testing::TempDir() + "bpl_model_io_test.json";
  ASSERT_TRUE(save_model_file(path, net, Scaler::divide16(), TrainConfig()).ok());
  Result<LoadedModel> r = load_model_file(path);
  ASSERT_TRUE(r.ok()) << r.message();
  EXPECT_EQ(r.value.theta, net.theta());
  EXPECT_EQ(r.value.scaler.kind, Scaling::Divide16);
  Network<float> loaded;
  ASSERT_TRUE(make_network(r.value, &loaded).ok());
  MatF X = MatF::Random(64, 5).cwiseAbs();
  EXPECT_EQ(loaded.predict_proba(X), net.predict_proba(X));
  std::remove(path.c_str());
  Result<LoadedModel> missing = load_model_file(path);
  ASSERT_FALSE(missing.ok());
  EXPECT_TRUE(Contains(missing.message(), "cannot open " + path));
  EXPECT_FALSE(save_model_file("/nonexistent-dir/x/model.json", net, Scaler::divide16(), TrainConfig()).ok());
}

TEST(ModelIo, TrainingConfigFollowsTheNetwork) {
  // The file describes the network actually saved even if cfg disagrees.
  Fixture f = make_model();
  TrainConfig other;  // 64-25-10 sigmoid, divide16
  Result<LoadedModel> r = load_model(save_model(f.net, f.scaler, other));
  ASSERT_TRUE(r.ok()) << r.message();
  EXPECT_EQ(r.value.config.arch, f.net.arch());
  EXPECT_EQ(r.value.config.scaling, Scaling::Standardize);
}

TEST(ModelIo, FailedLoadLeavesTheCurrentModelUntouched) {
  Network<float> current;
  ASSERT_TRUE(current.configure(Architecture(), 3).ok());
  const VecF before = current.theta();
  LoadedModel bad;  // theta of the wrong size
  bad.theta = VecF::Zero(10);
  EXPECT_FALSE(make_network(bad, &current).ok());
  EXPECT_EQ(current.theta(), before);
  EXPECT_EQ(current.arch(), Architecture());
}

// ---------------------------------------------------------------- bad files, one case each

class BadModel : public ::testing::Test {
 protected:
  void SetUp() override {
    Network<float> net;
    ASSERT_TRUE(net.configure(Architecture(), 1).ok());
    good_ = json::parse(save_model(net, Scaler::divide16(), TrainConfig()));
  }
  // Loads good_ after `edit` and expects an error containing `needle`.
  void Expect(const std::function<void(json&)>& edit, const std::string& needle) {
    json j = good_;
    edit(j);
    ExpectText(j.dump(), needle);
  }
  void ExpectText(const std::string& text, const std::string& needle) {
    Result<LoadedModel> r = load_model(text);
    ASSERT_FALSE(r.ok()) << "accepted a bad model file";
    EXPECT_TRUE(Contains(r.message(), needle));
  }
  json good_;
};

TEST_F(BadModel, GoodFileLoads) { ASSERT_TRUE(load_model(good_.dump()).ok()); }

TEST_F(BadModel, NotJson) { ExpectText("this is not JSON", "model file is not valid JSON: parse error at line 1"); }

TEST_F(BadModel, TruncatedText) {
  const std::string text = good_.dump();
  ExpectText(text.substr(0, text.size() / 2), "model file is not valid JSON");
  ExpectText("", "model file is not valid JSON");
}

TEST_F(BadModel, NotAnObject) { ExpectText("[1, 2, 3]", "invalid model file: expected a JSON object, got an array"); }

TEST_F(BadModel, WrongFormatTag) {
  Expect([](json& j) { j["format"] = "keras"; },
         "not a Backprop Lab model file: \"format\" is a string (\"keras\"), expected \"backprop-lab-model\"");
}

TEST_F(BadModel, MissingFormatTag) {
  Expect([](json& j) { j.erase("format"); }, "not a Backprop Lab model file: missing \"format\"");
}

TEST_F(BadModel, FutureVersion) {
  Expect([](json& j) { j["version"] = 2; },
         "model file version 2 is newer than this program supports (version 1)");
}

TEST_F(BadModel, VersionWrongType) {
  Expect([](json& j) { j["version"] = "1"; }, "'version' must be a positive integer, got a string");
  Expect([](json& j) { j["version"] = 0; }, "'version' must be a positive integer, got 0");
}

TEST_F(BadModel, MissingKey) {
  Expect([](json& j) { j.erase("parameters"); }, "invalid model file: missing key 'parameters'");
  Expect([](json& j) { j.erase("training"); }, "missing key 'training'");
  Expect([](json& j) { j["architecture"].erase("hidden"); }, "missing key 'architecture.hidden'");
  Expect([](json& j) { j["scaling"].erase("scale"); }, "missing key 'scaling.scale'");
}

TEST_F(BadModel, UnknownKey) {
  Expect([](json& j) { j["weights"] = json::array(); }, "invalid model file: unknown key 'weights'");
  Expect([](json& j) { j["architecture"]["dropout"] = 0.5; }, "unknown key 'architecture.dropout'");
}

TEST_F(BadModel, WrongTypes) {
  Expect([](json& j) { j["architecture"]["hidden"] = "25"; }, "'architecture.hidden' must be an array");
  Expect([](json& j) { j["architecture"]["activation"] = 3; }, "'architecture.activation' must be");
  Expect([](json& j) { j["parameters"] = json::object(); }, "'parameters' must be an array of numbers, got an object");
  Expect([](json& j) { j["scaling"] = "divide16"; }, "'scaling' must be an object");
  Expect([](json& j) { j["training"] = json::array(); }, "'training' must be an object, got an array");
  Expect([](json& j) { j["parameters"][7] = true; }, "'parameters[7]' must be a finite number (float range), got true");
}

TEST_F(BadModel, ParameterCountMismatch) {
  Expect([](json& j) { j["parameters"].erase(j["parameters"].size() - 1); },
         "'parameters' has 1884 numbers but the 64-25-10 sigmoid, sigmoid outputs network has 1885 parameters");
  Expect([](json& j) { j["parameters"].push_back(0.5); }, "'parameters' has 1886 numbers");
  Expect([](json& j) { j["param_count"] = 1884; }, "'param_count' is 1884 but");
}

TEST_F(BadModel, NaNAndInfinity) {
  // What a writer produces for NaN/Inf: null (JSON.stringify, nlohmann) or a string.
  Expect([](json& j) { j["parameters"][5] = nullptr; }, "'parameters[5]' must be a finite number (float range), got null");
  Expect([](json& j) { j["parameters"][6] = "NaN"; }, "'parameters[6]' must be a finite number (float range), got a string");
  Expect([](json& j) { j["parameters"][8] = "Infinity"; }, "'parameters[8]'");
  Expect([](json& j) { j["parameters"][9] = 1e39; }, "'parameters[9]' must be a finite number (float range), got 1e+39");
  Expect([](json& j) { j["scaling"]["mean"][3] = nullptr; }, "'scaling.mean[3]' must be a finite number, got null");
  ExpectText(R"({"format":"backprop-lab-model","version":1,"parameters":[NaN]})", "model file is not valid JSON");
  ExpectText(R"({"format":"backprop-lab-model","version":1,"parameters":[1e400]})", "model file is not valid JSON");
}

TEST_F(BadModel, DivergedNetworkIsSavedButRefusedOnLoad) {
  Network<float> net;
  ASSERT_TRUE(net.configure(Architecture(), 1).ok());
  net.theta()[5] = std::numeric_limits<float>::quiet_NaN();
  ExpectText(save_model(net, Scaler::divide16(), TrainConfig()), "'parameters[5]' must be a finite number (float range), got null");
}

TEST_F(BadModel, MutatedAndTruncatedTextNeverThrows) {
  // Random byte edits and cuts: every outcome is a Result, never an exception or a crash.
  const std::string text = good_.dump();
  Rng rng(2024);
  int rejected = 0;
  for (int k = 0; k < 300; ++k) {
    std::string t = text;
    const int edits = 1 + static_cast<int>(rng.below(4));
    for (int e = 0; e < edits; ++e) {
      const std::size_t pos = static_cast<std::size_t>(rng.below(t.size()));
      switch (rng.below(4)) {
        case 0: t[pos] = static_cast<char>(rng.below(256)); break;
        case 1: t.erase(pos, 1 + rng.below(20)); break;
        case 2: t.insert(pos, 1, "{}[],:\"-0e.n\\"[rng.below(12)]); break;
        default: t.resize(pos); break;
      }
    }
    Result<LoadedModel> r;
    EXPECT_NO_THROW(r = load_model(t));
    if (!r.ok()) {
      ++rejected;
      EXPECT_FALSE(r.message().empty());
    } else {
      EXPECT_EQ(r.value.theta.size(), r.value.arch.param_count());
    }
    Result<TrainConfig> c;
    EXPECT_NO_THROW(c = config_from_json_text(t.substr(0, 200 + rng.below(400)), TrainConfig()));
    EXPECT_FALSE(c.ok());
  }
  EXPECT_GT(rejected, 200);
}

TEST_F(BadModel, HiddenUnitsOutOfRange) {
  Expect([](json& j) { j["architecture"]["hidden"] = {0}; }, "'architecture.hidden' layer 1 must have 1..1024 units, got 0");
  Expect([](json& j) { j["architecture"]["hidden"] = {25, 5000}; },
         "'architecture.hidden' layer 2 must have 1..1024 units, got 5000");
  Expect([](json& j) { j["architecture"]["hidden"] = {2.5}; }, "layer 1 must have 1..1024 units, got 2.5");
}

TEST_F(BadModel, TooManyLayers) {
  Expect([](json& j) { j["architecture"]["hidden"] = json(std::vector<int>(9, 4)); },
         "'architecture.hidden' has 9 layers; at most 8 hidden layers are supported");
}

TEST_F(BadModel, WrongInputsOrOutputs) {
  Expect([](json& j) { j["architecture"]["inputs"] = 63; }, "the digits need 64 inputs and 10 outputs");
  Expect([](json& j) { j["architecture"]["outputs"] = 1; }, "'architecture.outputs' must be an integer in 2..1024, got 1");
}

TEST_F(BadModel, ScalingLengthWrong) {
  Expect([](json& j) { j["scaling"]["mean"].erase(0); }, "'scaling.mean' has 63 numbers, expected 64");
  Expect([](json& j) { j["scaling"]["scale"].push_back(16); }, "'scaling.scale' has 65 numbers, expected 64");
}

TEST_F(BadModel, ScaleNotPositive) {
  Expect([](json& j) { j["scaling"]["scale"][3] = 0; }, "'scaling.scale[3]' must be > 0, got 0");
  Expect([](json& j) { j["scaling"]["scale"][10] = -2.5; }, "'scaling.scale[10]' must be > 0, got -2.5");
}

TEST_F(BadModel, ScalingKind) {
  Expect([](json& j) { j["scaling"]["kind"] = "minmax"; }, "'scaling.kind' must be \"divide16\" or \"standardize\"");
  Expect([](json& j) { j["scaling"]["scale"][0] = 15; }, "scaling kind 'divide16' needs mean 0 and scale 16");
}

TEST_F(BadModel, TrainingConfigInvalid) {
  Expect([](json& j) { j["training"]["lambda"] = nullptr; },
         "invalid model file: 'training': config key 'lambda': expected a finite number, got null");
  Expect([](json& j) { j["training"]["colour"] = "red"; }, "'training': unknown config key 'colour'");
  Expect([](json& j) { j["training"]["max_iterations"] = 0; }, "'training': config key 'max_iterations'");
}

TEST_F(BadModel, TrainingDisagreesWithArchitecture) {
  Expect([](json& j) { j["training"]["hidden"] = {30}; },
         "'training' describes a 64-30-10 sigmoid, sigmoid outputs network but 'architecture' is 64-25-10");
  Expect([](json& j) { j["training"]["scaling"] = "standardize"; },
         "'training.scaling' is standardize but 'scaling.kind' is divide16");
}

}  // namespace
}  // namespace bpl
