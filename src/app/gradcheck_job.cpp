#include "app/gradcheck_job.hpp"
#include "core/order.hpp"

#include <algorithm>
#include <chrono>
#include <numeric>
#include <cmath>
#include <string>

#include <nlohmann/json.hpp>

#include "train/trainer.hpp"

namespace bpl {

namespace {

double now_ms() {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

constexpr int kAugmentCopies = 5;   // the trainer fits each training image and its 4 one-pixel shifts

}  // namespace

const char* to_string(JobState s) {
  switch (s) {
    case JobState::Idle: return "idle";
    case JobState::Running: return "running";
    case JobState::Done: return "done";
    case JobState::Cancelled: return "cancelled";
  }
  return "?";
}

Status validate_gradcheck_request(const GradcheckRequest& req, const Architecture& A) {
  if (!(req.epsilon >= kGradCheckMinEpsilon * 0.999 && req.epsilon <= kGradCheckMaxEpsilon * 1.001))
    return Status::Error("epsilon must be a number in 1e-8 .. 1e-2");
  if (req.layer < 0 || req.layer > A.layers())
    return Status::Error("layer must be 0 (a random sample) or 1.." + std::to_string(A.layers()));
  if (req.layer == 0 && req.samples < 1) return Status::Error("samples must be at least 1");
  return Status::Ok();
}

Status GradcheckJob::start(const Trainer& trainer, unsigned long long weights_version, const GradcheckRequest& req) {
  const TrainConfig& cfg = trainer.config();
  const Architecture& A = cfg.arch;
  const MatF& Xtrain = trainer.X(Subset::Train);
  if (Xtrain.cols() == 0 || trainer.net().theta().size() != A.param_count())
    return Status::Error("no data loaded yet");
  if (Status s = validate_gradcheck_request(req, A); !s.ok()) return s;

  // The batch: the first images of the training split, as the trainer scaled them.
  const int m = static_cast<int>(std::min<Index>(kGradcheckBatch, Xtrain.cols()));
  const MatD X = Xtrain.leftCols(m).cast<double>();
  const std::vector<int>& ytrain = trainer.y(Subset::Train);
  const MatD Y = one_hot<double>(std::vector<int>(ytrain.begin(), ytrain.begin() + m), A.outputs);
  const Index m_reg = Xtrain.cols() * (cfg.augment ? kAugmentCopies : 1);
  const double lambda = req.lambda_on ? cfg.lambda : 0.0;

  VecD theta;
  if (req.mistake == NotebookMistake::LogInit)
    mistaken_init(req.mistake, A, cfg.init_seed, theta);
  else
    theta = trainer.net().theta().cast<double>();
  std::vector<Index> params = req.layer > 0 ? layer_parameters(A, req.layer)
                                            : sample_parameters(A, req.samples, req.seed);
  GradCheckRun run;
  Status s = run.start(A, std::move(theta), mistaken_cost_function(req.mistake, A, X, Y, lambda, m_reg),
                       std::move(params), req.epsilon);
  if (!s.ok()) return s;

  run_ = std::move(run);
  req_ = req;
  state_ = JobState::Running;
  ++id_;
  ++version_;
  weights_version_ = weights_version;
  lambda_ = lambda;
  m_reg_ = m_reg;
  batch_ = m;
  init_ranges_.clear();
  engine_ranges_.clear();
  for (int l = 1; l <= A.layers(); ++l) {
    init_ranges_.push_back(mistaken_init_range(req.mistake, A.units(l - 1), A.units(l)));
    engine_ranges_.push_back(init_range(A.units(l - 1), A.units(l)));
  }
  return Status::Ok();
}

bool GradcheckJob::run_for(double budget_ms) {
  if (state_ != JobState::Running) return false;
  const double t0 = now_ms();
  do {
    run_.step();
  } while (!run_.done() && now_ms() - t0 < budget_ms);
  if (run_.done()) state_ = JobState::Done;
  ++version_;
  return true;
}

void GradcheckJob::cancel() {
  if (state_ != JobState::Running) return;
  state_ = JobState::Cancelled;
  ++version_;
}

double GradcheckJob::progress() const {
  return run_.total() == 0 ? 0.0 : double(run_.checked()) / double(run_.total());
}

std::vector<int> GradcheckJob::worst_first() const {
  const std::vector<ParamCheck>& r = run_.results();
  std::vector<int> order(r.size());
  std::iota(order.begin(), order.end(), 0);
  std::vector<double> key(r.size());   // largest relative error first
  for (std::size_t i = 0; i < r.size(); ++i) key[i] = -r[i].rel_error;
  stable_sort_by_key(order, key);
  return order;
}

std::vector<int> GradcheckJob::failing_layers() const {
  std::vector<int> out;
  for (const LayerCheck& L : run_.layers())
    if (L.failed > 0) out.push_back(L.layer);
  return out;
}

namespace {

using nlohmann::json;

json finite_or_null(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

json param_json(const ParamCheck& p) {
  return json{{"index", p.index},
              {"layer", p.ref.layer},
              {"row", p.ref.row},
              {"col", p.ref.bias() ? json(nullptr) : json(p.ref.col)},
              {"bias", p.ref.bias()},
              {"analytic", finite_or_null(p.analytic)},
              {"numeric", finite_or_null(p.numeric)},
              {"relative_error", finite_or_null(p.rel_error)}};
}

}  // namespace

Result<GradcheckRequest> gradcheck_request_from_json(std::string_view text, const Architecture& A) {
  const json in = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (in.is_discarded() || !(in.is_object() || in.is_null()))
    return Status::Error("gradcheck.run expects an object like {mistake: 'none', samples: 200, epsilon: 1e-4}");
  GradcheckRequest r;
  if (in.is_null()) return r;
  for (auto it = in.begin(); it != in.end(); ++it) {
    const std::string& key = it.key();
    const json& v = it.value();
    if (key == "mistake") {
      if (!v.is_string() || !parse_mistake(v.get<std::string>(), &r.mistake))
        return Status::Error("mistake must be one of 'none', 'log10', 'sigmoid_prime_of_a', "
                             "'regularize_wrong_column', 'same_offset', 'log_init'");
    } else if (key == "epsilon") {
      if (!v.is_number()) return Status::Error("epsilon must be a number in 1e-8 .. 1e-2");
      r.epsilon = v.get<double>();
    } else if (key == "samples") {
      if (!v.is_number_integer() || v.get<long long>() < 1 || v.get<long long>() > 1000000)
        return Status::Error("samples must be a whole number >= 1 (how many parameters to check)");
      r.samples = static_cast<int>(v.get<long long>());
    } else if (key == "layer") {
      if (!v.is_number_integer() || v.get<long long>() < 0 || v.get<long long>() > A.layers())
        return Status::Error("layer must be 0 (a random sample) or a layer 1.." + std::to_string(A.layers()));
      r.layer = static_cast<int>(v.get<long long>());
    } else if (key == "lambda") {
      if (!v.is_boolean()) return Status::Error("lambda must be true (the network's lambda) or false (0)");
      r.lambda_on = v.get<bool>();
    } else if (key == "seed") {
      if (!v.is_number_unsigned()) return Status::Error("seed must be a whole number >= 0");
      r.seed = v.get<std::uint64_t>();
    } else {
      return Status::Error("unknown gradcheck option '" + key +
                           "' (known: mistake, samples, epsilon, layer, lambda, seed)");
    }
  }
  if (Status s = validate_gradcheck_request(r, A); !s.ok()) return s;
  return r;
}

std::string gradcheck_json(const GradcheckJob& job) {
  const GradCheckRun& run = job.run();
  const GradcheckRequest& q = job.request();
  json j;
  j["id"] = job.id();
  j["state"] = to_string(job.state());
  j["progress"] = job.progress();
  j["checked"] = run.checked();
  j["total"] = run.total();
  if (job.id() == 0) return j.dump();
  j["mistake"] = mistake_id(q.mistake);
  j["epsilon"] = q.epsilon;
  j["samples"] = q.layer > 0 ? json(nullptr) : json(q.samples);
  j["layer"] = q.layer;
  j["lambda"] = job.lambda();
  j["seed"] = q.seed;
  j["threshold"] = run.threshold();
  j["tiny"] = kGradCheckTiny;
  j["batch"] = json{{"images", job.batch_size()}, {"from", "the first images of the training split"}};
  j["m_reg"] = job.m_reg();
  j["weights_version"] = job.weights_version();
  j["max_relative_error"] = finite_or_null(run.max_rel_error());
  j["pass"] = run.pass();
  j["worst_layer"] = run.worst_layer();
  j["failing_layers"] = job.failing_layers();
  json layers = json::array();
  for (const LayerCheck& L : run.layers()) {
    json e{{"layer", L.layer},
           {"checked", L.checked},
           {"failed", L.failed},
           {"max_relative_error", finite_or_null(L.max_rel_error)},
           {"pass", L.failed == 0}};
    e["worst"] = L.worst >= 0 ? param_json(run.results()[static_cast<std::size_t>(L.worst)]) : json(nullptr);
    layers.push_back(e);
  }
  j["per_layer"] = layers;
  json worst = json::array();
  const std::vector<int> order = job.worst_first();
  for (std::size_t k = 0; k < order.size() && k < 10; ++k)
    worst.push_back(param_json(run.results()[static_cast<std::size_t>(order[k])]));
  j["worst_parameters"] = worst;
  j["init_range"] = json{{"variant", job.init_ranges()}, {"engine", job.engine_init_ranges()}};
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace bpl
