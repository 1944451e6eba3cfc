#include "app/lab_json.hpp"

#include <cmath>
#include <cstdint>
#include <string>

namespace bpl::lab_json {

using nlohmann::json;

json number_or_null(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

json knn_result(const KnnCvResult& r, const KnnCvOptions& o) {
  json ks = json::array(), mean = json::array(), correct = json::array(), acc = json::array(), sizes = json::array();
  for (std::size_t k = 0; k < r.mean_accuracy.size(); ++k) {
    ks.push_back(static_cast<int>(k + 1));
    mean.push_back(number_or_null(r.mean_accuracy[k]));
  }
  for (std::size_t f = 0; f < r.correct.size(); ++f) {
    correct.push_back(r.correct[f]);
    json fa = json::array();
    for (double v : r.fold_accuracy[f]) fa.push_back(number_or_null(v));
    acc.push_back(fa);
    sizes.push_back(r.folds[f].size());
  }
  return json{{"k", ks},
              {"mean_accuracy", mean},
              {"fold_correct", correct},
              {"fold_accuracy", acc},
              {"fold_sizes", sizes},
              {"best_k", r.best_k()},
              {"options", json{{"folds", o.folds}, {"shuffle", o.shuffle}, {"seed", o.seed},
                               {"scaling", to_string(o.scaling)}}}};
}

Result<KnnCvOptions> knn_options(const json& j) {
  KnnCvOptions o;
  if (j.is_null()) return o;
  if (!j.is_object()) return Status::Error("knn.cv expects an object like {folds: 4, shuffle: false, scaling: 'raw'}");
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string& key = it.key();
    const json& v = it.value();
    if (key == "folds") {
      if (!v.is_number_integer()) return Status::Error("folds must be an integer");
      o.folds = v.get<int>();
    } else if (key == "shuffle") {
      if (!v.is_boolean()) return Status::Error("shuffle must be true or false");
      o.shuffle = v.get<bool>();
    } else if (key == "seed") {
      if (!v.is_number_integer() || v.get<long long>() < 0) return Status::Error("seed must be a non-negative integer");
      o.seed = v.get<std::uint64_t>();
    } else if (key == "scaling") {
      if (!v.is_string() || !parse_knn_scaling(v.get<std::string>(), &o.scaling))
        return Status::Error("scaling must be 'raw', 'divide16' or 'standardize'");
    } else {
      return Status::Error("unknown knn.cv option '" + key + "'");
    }
  }
  if (Status s = o.validate(); !s.ok()) return s;
  return o;
}

}  // namespace bpl::lab_json
