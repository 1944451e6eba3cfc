// Saving and loading trained models as JSON:
//   {"format": "backprop-lab-model", "version": 1,
//    "architecture": {"inputs": 64, "hidden": [25], "outputs": 10,
//                     "activation": "sigmoid", "output": "sigmoid"},
//    "scaling": {"kind": "divide16" | "standardize", "mean": [64 numbers], "scale": [64 numbers]},
//    "param_count": 1885,
//    "parameters": [param_count numbers in the flat layout W1 (column-major), b1, W2, b2, ...],
//    "training": {the flat config of config_json.hpp}}
// Parameters are floats written as the double of the float (up to 17 significant digits), so
// that reading them back gives the same float bits. Loading validates everything and produces
// a separate LoadedModel: a failed load leaves the caller's current model untouched.
// Nothing here throws.
#pragma once
#include <string>
#include <string_view>

#include "core/status.hpp"
#include "core/types.hpp"
#include "data/dataset.hpp"
#include "nn/network.hpp"
#include "train/trainer.hpp"

namespace bpl {

constexpr const char* kModelFormat = "backprop-lab-model";
constexpr int kModelVersion = 1;

struct LoadedModel {
  Architecture arch;
  VecF theta;          // arch.param_count() parameters
  Scaler scaler;       // how raw 0..16 pixels are scaled before the network
  TrainConfig config;  // the training configuration (config.arch == arch, config.scaling == scaler.kind)
};

// The model file text. The network's architecture and the scaler's kind take precedence over
// cfg's (so the file is always self-consistent).
std::string save_model(const Network<float>& net, const Scaler& scaler, const TrainConfig& cfg);
Status save_model_file(const std::string& path, const Network<float>& net, const Scaler& scaler,
                       const TrainConfig& cfg);

// Parses and validates a model file: format tag, version, keys and types, architecture limits
// (Architecture::validate, 64 inputs, 10 outputs), parameter count, finite parameters, scaling
// arrays of 64 finite numbers with scale > 0, and the training config.
Result<LoadedModel> load_model(std::string_view text);
Result<LoadedModel> load_model_file(const std::string& path);

// A network holding the loaded parameters.
Status make_network(const LoadedModel& m, Network<float>* out);

}  // namespace bpl
