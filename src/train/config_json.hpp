// TrainConfig <-> JSON. The JSON form is one FLAT object (window.lab.setConfig in the browser,
// the "training" object of model files):
//   {"hidden":[25], "activation":"sigmoid|tanh|relu", "output":"sigmoid|softmax", "lambda":1,
//    "optimizer":"cg|lbfgs|sgd|momentum|adam", "learning_rate":.., "batch_size":.., "momentum":..,
//    "beta1":.., "beta2":.., "epsilon":.., "lbfgs_memory":.., "max_line_search":..,
//    "wolfe_c1":.., "wolfe_c2":.., "shuffle_seed":.., "seed":.. (weight init), "split_seed":..,
//    "train_fraction":.., "validation_fraction":.., "scaling":"divide16|standardize",
//    "augment":true|false (randomly distorted copies of the training images),
//    "augmentation":{"rotation":15 (degrees), "shear":.., "scale":.., "shift":.. (pixels),
//                    "thickness":.., "copies":4, "seed":1} (partial objects merge; AugmentConfig),
//    "max_iterations":.., "early_stopping":true|false, "patience":..,
//    "my_digits":true|false (also fit the user's own labelled sketches, app/my_digits.hpp)}
// Parsing also accepts "preset":"<id>" (src/train/presets.hpp): that preset's config replaces
// the base before the other keys apply, so {"preset":"notebook","lambda":2} is the notebook's
// network with lambda 2. config_to_json never writes it.
// Every key is optional when parsing: the keys present are applied on top of a base config.
// Unknown keys and wrong types are errors that name the key. Nothing here throws (the browser
// build aborts on exceptions).
#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/status.hpp"
#include "train/trainer.hpp"

namespace bpl {

nlohmann::json augmentation_to_json(const AugmentConfig& a);
// Every key above, from cfg (seeds as unsigned integers).
nlohmann::json config_to_json(const TrainConfig& cfg);

// base with the keys of j applied, then TrainConfig::validate(). j must be an object.
// Types: "hidden" an array of integers 1..1024 (at most 8); counts (batch_size, lbfgs_memory,
// max_line_search, max_iterations, patience) positive integers (1e3 or 32.0 are accepted,
// 2.5 is not); seeds non-negative integers up to 2^64-1 (or their decimal text, as JavaScript
// must pass seeds above 2^53); other numbers finite; names strings;
// early_stopping and augment booleans. null (what JSON.stringify makes of NaN) is a wrong type.
// Changing "optimizer" to another kind also resets the kind's defaults that the object does
// not set itself: learning_rate = default_learning_rate(kind), wolfe_c2 as OptimizerConfig::for_kind.
Result<TrainConfig> config_from_json(const nlohmann::json& j, const TrainConfig& base);

// Parses text (no exception escapes: invalid JSON is an error with the parser's message).
Result<TrainConfig> config_from_json_text(std::string_view text, const TrainConfig& base);

// ---- helpers shared with model_io (none of them throws)

// Parses JSON text. On failure returns false and sets *error to the parser's message
// (line/column and reason).
bool parse_json_text(std::string_view text, nlohmann::json* out, std::string* error);

namespace jsonv {
// Short description of a value for error messages: "null", "a string (\"abc\")", "2.5", "an array".
std::string describe(const nlohmann::json& v);
// An integer (or a float with an integral value) in lo..hi.
bool to_int(const nlohmann::json& v, long long lo, long long hi, long long* out);
// A non-negative integer up to 2^64-1 (floats: integral and <= 2^53, where doubles are exact;
// strings: decimal digits only).
bool to_u64(const nlohmann::json& v, std::uint64_t* out);
// A finite number.
bool to_finite(const nlohmann::json& v, double* out);
}  // namespace jsonv

}  // namespace bpl
