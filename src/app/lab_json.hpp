// JSON in and out of window.lab (src/platform/lab_api.cpp) for the calls whose parsing and
// building live here, so that native unit tests check them (tests/unit/test_lab_json.cpp).
// Nothing here throws: input is type-checked before it is read, errors name the key.
// The error convention of window.lab (README, "Errors"): a parser returns a Status naming the
// bad key; lab_api.cpp turns it into '' or the message, or {"error": message} for JSON calls.
#pragma once
#include <nlohmann/json.hpp>

#include "app/knn_job.hpp"
#include "core/status.hpp"
#include "knn/knn.hpp"

namespace bpl::lab_json {

// A finite number, else null (JSON has no NaN or infinity).
nlohmann::json number_or_null(double v);

// lab.knn.cv options {folds, shuffle, seed, scaling} over the defaults; null gives the defaults.
Result<KnnCvOptions> knn_options(const nlohmann::json& j);
// lab.knn.cv's result: {k, mean_accuracy, fold_correct, fold_accuracy, fold_sizes, best_k, options}.
nlohmann::json knn_result(const KnnCvResult& r, const KnnCvOptions& o);

}  // namespace bpl::lab_json
